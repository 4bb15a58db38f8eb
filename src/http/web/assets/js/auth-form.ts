// Login and registration share one flow: post the form, keep the token, go where the visitor was going.
import { api, ApiProblem, setToken } from './api.js';
import type { TokenResponse } from './api-types.js';
import { byId, fieldError } from './dom.js';
import { renderProviders } from './oidc-providers.js';
import { problemMessage } from './problems.js';
import { safeNext } from './safe-next.js';
import './session.js';
import { authFormIds } from './element-ids.js';

const next = safeNext(new URLSearchParams(location.search).get('next'));

export interface AuthFormOptions {
  formId: string;
  /** The API endpoint that answers with tokens. */
  path: string;
  /** The form's fields by name, posted as they are. */
  fields: readonly string[];
  /** The button's words while the request runs. */
  submitting: string;
}

export function authForm({ formId, path, fields, submitting }: AuthFormOptions): void {
  const form = byId(formId);
  const error = byId(authFormIds.formError);
  const link = byId(authFormIds.otherLink);
  const button = form?.querySelector('button[type=submit]');
  if (!(form instanceof HTMLFormElement) || !error || !(link instanceof HTMLAnchorElement) || !(button instanceof HTMLButtonElement))
    throw new Error(`the sign-in form #${formId} is not complete`);
  const input = (name: string): HTMLInputElement | null => {
    const field = form.elements.namedItem(name);
    return field instanceof HTMLInputElement ? field : null;
  };
  link.href = `${link.getAttribute('href')}?next=${encodeURIComponent(next)}`;
  renderProviders(next);
  const idle = button.textContent;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body: Record<string, string> = {};
    for (const name of fields) {
      const field = input(name);
      if (!field) continue;
      fieldError(field, null);
      body[name] = field.value;
    }
    button.disabled = true;
    button.textContent = submitting;
    try {
      const { token, refreshToken } = await api<TokenResponse>(path, { method: 'POST', body });
      setToken(token, refreshToken);
      location.assign(next);
    } catch (err) {
      button.disabled = false;
      button.textContent = idle;
      const errors = err instanceof ApiProblem ? err.errors : [];
      for (const fe of errors) {
        const field = fe.path === undefined ? null : input(fe.path);
        if (field) fieldError(field, fe.message);
      }
      error.textContent = problemMessage(err);
    }
  });
}
