// Admin pages open only for an admin; everyone else is told why and where to log in.
import { byId, fill, h } from './dom.js';
import { currentUser, loginUrl } from './session.js';

/** Resolves with the admin user once the page may be shown; otherwise explains and never resolves. */
export async function requireAdmin(bodyId) {
  const gate = byId('admin-gate');
  gate.textContent = 'Checking your account…';
  const user = await currentUser().catch(() => null);
  if (!user) {
    fill(gate, 'Admin pages need an admin login. ', h('a', { href: loginUrl() }, 'Log in'));
    return new Promise(() => {});
  }
  if (user.role !== 'admin') {
    fill(
      gate,
      `You are signed in as ${user.name}, who is not an admin. `,
      h('a', { href: loginUrl() }, 'Log in as an admin'),
    );
    return new Promise(() => {});
  }
  gate.textContent = '';
  byId(bodyId).hidden = false;
  return user;
}

/** Shows what was created, with links onward, and moves focus there. */
export function showResult(children) {
  const result = byId('result');
  fill(byId('result-body'), children);
  result.hidden = false;
  result.focus();
}
