// The "Ask us" box: a question to POST /api/assistant, its reply as paragraphs and one list, its page links as links.
import { api } from './api.js';
import type { AssistantAnswer } from './api-types.js';
import { byId, fill, h } from './dom.js';
import { problemMessage } from './problems.js';
import { askBoxIds } from './element-ids.js';

const ITEM = /^- /;

/**
 * The reply's "- " lines become one list; a link the assistant suggests with the very words of a list
 * item becomes that item's link rather than a second copy under it. Other links follow the reply.
 */
type Action = AssistantAnswer['actions'][number];
type LinkAction = Extract<Action, { kind: 'link' }>;

export function renderReply(reply: string, actions: readonly Action[]): HTMLElement[] {
  // Commands are for the terminal client; a person on the site gets its pages.
  const links = actions.filter((a): a is LinkAction => a.kind === 'link');
  const byLabel = new Map(links.map((a) => [a.label, a]));
  const used = new Set<LinkAction>();
  const blocks: HTMLElement[] = [];
  let list: HTMLUListElement | null = null;
  for (const line of reply.split('\n')) {
    if (!ITEM.test(line)) {
      list = null;
      blocks.push(h('p', {}, line));
      continue;
    }
    if (!list) blocks.push((list = h('ul', { class: 'ask-list' })));
    const text = line.replace(ITEM, '');
    const link = byLabel.get(text);
    if (link) used.add(link);
    list.append(h('li', {}, link ? h('a', { href: link.href }, text) : text));
  }
  const rest = links.filter((a) => !used.has(a));
  if (rest.length > 0) {
    blocks.push(
      h(
        'ul',
        { class: 'ask-links', 'aria-label': 'Next steps' },
        rest.map((a) => h('li', {}, h('a', { href: a.href }, a.label))),
      ),
    );
  }
  return blocks;
}

export function setUpAskBox(): void {
  const form = byId(askBoxIds.askForm);
  const answer = byId(askBoxIds.askAnswer);
  if (!(form instanceof HTMLFormElement) || !answer) return;
  const input = form.elements.namedItem('message');
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    answer.textContent = 'Thinking…';
    try {
      const result = await api<AssistantAnswer>('/api/assistant', { method: 'POST', body: { message } });
      fill(answer, renderReply(result.reply, result.actions));
    } catch (err) {
      answer.textContent = problemMessage(err);
    }
  });
}
