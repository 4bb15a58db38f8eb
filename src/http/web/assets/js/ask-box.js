// The "Ask us" box: a question to POST /api/assistant, its reply as text and its page links as links.
import { api } from './api.js';
import { byId, fill, h } from './dom.js';
import { problemMessage } from './problems.js';

export function setUpAskBox() {
  const form = byId('ask-form');
  const answer = byId('ask-answer');
  if (!form || !answer) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = form.elements.message.value.trim();
    if (!message) return;
    answer.textContent = 'Thinking…';
    try {
      const result = await api('/api/assistant', { method: 'POST', body: { message } });
      // API actions are for programs; a person gets the pages.
      const links = result.actions.filter((a) => a.kind === 'link');
      fill(
        answer,
        result.reply.split('\n').map((line) => h('p', {}, line)),
        links.length > 0
          ? h(
              'ul',
              { class: 'ask-links' },
              links.map((a) => h('li', {}, h('a', { href: a.href }, a.label))),
            )
          : null,
      );
    } catch (err) {
      answer.textContent = problemMessage(err);
    }
  });
}
