// Admin pages open only for an admin; everyone else is told why and where to log in.
import { byId, fill, h, type Child } from './dom.js';
import type { Me } from './api-types.js';
import { currentUser, loginUrl } from './session.js';
import { adminGateIds, adminResultIds } from './element-ids.js';

/** Resolves with the admin user once the page may be shown; otherwise explains and never resolves. */
export async function requireAdmin(bodyId: string): Promise<Me> {
  const gate = byId(adminGateIds.adminGate);
  const body = byId(bodyId);
  if (!gate || !body) throw new Error(`an admin page needs #admin-gate and #${bodyId}`);
  gate.textContent = 'Checking your account…';
  const user = await currentUser().catch(() => null);
  if (!user) {
    fill(gate, 'Admin pages need an admin login. ', h('a', { href: loginUrl() }, 'Log in'));
    return new Promise<never>(() => {});
  }
  if (user.role !== 'admin') {
    fill(
      gate,
      `You are signed in as ${user.name}, who is not an admin. `,
      h('a', { href: loginUrl() }, 'Log in as an admin'),
    );
    return new Promise<never>(() => {});
  }
  gate.textContent = '';
  body.hidden = false;
  return user;
}

/** Shows what was created, with links onward, and moves focus there. */
export function showResult(children: Child): void {
  const result = byId(adminResultIds.result);
  const body = byId(adminResultIds.resultBody);
  if (!result || !body) throw new Error('an admin form page needs #result and #result-body');
  fill(body, children);
  result.hidden = false;
  result.focus();
}
