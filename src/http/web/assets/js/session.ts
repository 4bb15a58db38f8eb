// Who is logged in: the header's account area, and the guards pages use.
import { api, ApiProblem, getToken, setToken } from './api.js';
import type { Me, NotificationList } from './api-types.js';
import { byId, fill, h, herePath } from './dom.js';
// Every page loads this module, so the header's Menu button works everywhere.
import './header-menu.js';
import { refreshHolds } from './holds-badge.js';
import { layoutIds } from './element-ids.js';

let mePromise: Promise<Me | null> | null = null;

/** The logged-in user ({userId, email, name, role}) or null. */
export function currentUser(): Promise<Me | null> {
  if (!mePromise) {
    mePromise = getToken()
      ? api<Me>('/api/me').catch((err: unknown) => {
          if (err instanceof ApiProblem && err.status === 401) return null;
          throw err;
        })
      : Promise.resolve(null);
  }
  return mePromise;
}

export function loginUrl(next: string = herePath()): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Sends a visitor without a session to log in, coming back here afterwards. */
export async function requireUser(): Promise<Me> {
  const user = await currentUser();
  if (!user) {
    location.assign(loginUrl());
    return new Promise<never>(() => {});
  }
  return user;
}

/** The header's unread count; pages that mark notifications read call it again. */
export async function refreshUnread(known?: number): Promise<void> {
  const badge = byId(layoutIds.unreadCount);
  if (!badge) return;
  let unread: number;
  if (known === undefined) {
    try {
      ({ unread } = await api<NotificationList>('/api/me/notifications?limit=1&unreadOnly=true'));
    } catch {
      return;
    }
  } else {
    unread = known;
  }
  // The number is shown; the words are for screen readers, so the link reads "Notifications, 2 unread".
  fill(badge, unread > 0 ? [String(unread), h('span', { class: 'visually-hidden' }, ' unread')] : []);
  badge.dataset.unread = String(unread);
}

async function logOut(): Promise<void> {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } catch {
    // The token is dropped either way; a failed revoke only means it lives until it expires.
  }
  setToken(null);
  location.assign('/');
}

/** Fills the header: who is logged in and the way out, or the ways in. */
export async function renderAccount(): Promise<void> {
  const area = byId(layoutIds.account);
  if (!area) return;
  let user: Me | null = null;
  try {
    user = await currentUser();
  } catch {
    user = null;
  }
  if (user) {
    show(layoutIds.navAdmin, user.role === 'admin');
    show(layoutIds.navAccount, true);
    show(layoutIds.navNotifications, true);
    refreshUnread();
    refreshHolds();
    fill(
      area,
      h('span', { class: 'who' }, 'Signed in as ', h('strong', {}, user.name)),
      h('button', { type: 'button', class: 'link-button', onclick: logOut }, 'Log out'),
    );
  } else {
    // From the sign-in pages themselves, coming back there afterwards would make no sense.
    const next = ['/login', '/register', '/login/complete'].includes(location.pathname) ? '/' : herePath();
    fill(
      area,
      h('a', { href: loginUrl(next), id: 'login-link' }, 'Log in'),
      h('a', { href: `/register?next=${encodeURIComponent(next)}` }, 'Register'),
    );
  }
}

function show(id: string, shown: boolean): void {
  const link = byId(id);
  if (link) link.hidden = !shown;
}

renderAccount();
