// Login and registration share one flow: post the form, keep the token, go where the visitor was going.
import { api, setToken } from './api.js';
import { byId, fieldError, safeNext } from './dom.js';
import { renderProviders } from './oidc-providers.js';
import { problemMessage } from './problems.js';
import './session.js';

const next = safeNext(new URLSearchParams(location.search).get('next'));

export function authForm({ formId, path, fields, submitting }) {
  const form = byId(formId);
  const error = byId('form-error');
  const link = byId('other-link');
  link.href = `${link.getAttribute('href')}?next=${encodeURIComponent(next)}`;
  renderProviders(next);
  const button = form.querySelector('button[type=submit]');
  const idle = button.textContent;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body = {};
    for (const name of fields) {
      fieldError(form.elements[name], null);
      body[name] = form.elements[name].value;
    }
    button.disabled = true;
    button.textContent = submitting;
    try {
      const { token, refreshToken } = await api(path, { method: 'POST', body });
      setToken(token, refreshToken);
      location.assign(next);
    } catch (err) {
      button.disabled = false;
      button.textContent = idle;
      for (const fe of err.errors ?? []) if (form.elements[fe.path]) fieldError(form.elements[fe.path], fe.message);
      error.textContent = problemMessage(err);
    }
  });
}
