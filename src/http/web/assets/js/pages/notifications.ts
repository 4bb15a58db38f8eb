// Notifications: newest first, unread marked, mark one or all read; the header's count follows.
import type { z } from '@hono/zod-openapi';
import type { Notification, NotificationList } from '../../../../schemas/notifications.js';
import { api } from '../api.js';
import { announce, fill, h } from '../dom.js';
import { notificationsIds } from '../element-ids.js';
import { element } from '../elements.js';
import { dateTime, plural } from '../format.js';
import { problemMessage } from '../problems.js';
import { refreshUnread, requireUser } from '../session.js';

type Notice = z.infer<typeof Notification>;

const PAGE = 20;
const status = element(notificationsIds.notificationsStatus);
const list = element(notificationsIds.notifications);
const readAll = element(notificationsIds.readAll);
const older = element(notificationsIds.older);
let unread = 0;
let oldest: string | null = null;

function showUnread() {
  status.textContent = unread === 0 ? 'Everything read.' : `${plural(unread, 'unread notification')}.`;
  readAll.hidden = unread === 0;
  refreshUnread(unread);
}

function markRead(item: HTMLElement, n: Notice) {
  item.classList.remove('notice--unread');
  item.querySelector('.unread-flag')?.remove();
  item.querySelector('.mark-read')?.remove();
  n.readAt = new Date().toISOString();
}

/** Seats waiting for the customer (an offer, a hold about to end) link to the show page, where they pay. */
function actionFor(n: Notice): { href: string; label: string } | null {
  const showId = typeof n.data?.showId === 'string' ? n.data.showId : null;
  if (!showId) return null;
  const href = `/shows/${encodeURIComponent(showId)}`;
  if (n.topic === 'waitlist.offered') return { href, label: 'Accept the seats' };
  if (n.topic === 'hold.expiring') return { href, label: 'Pay for your seats' };
  return null;
}

function notice(n: Notice) {
  const headingId = `n-${n.notificationId}`;
  const item = h('li', { class: `notice${n.readAt ? '' : ' notice--unread'}`, dataset: { id: n.notificationId } });
  const actions = h('div', { class: 'actions' });
  const bookingId = typeof n.data?.bookingId === 'string' ? n.data.bookingId : null;
  if (bookingId) actions.append(h('a', { href: `/bookings/${encodeURIComponent(bookingId)}` }, 'Open booking'));
  const act = actionFor(n);
  if (act) actions.append(h('a', { href: act.href }, act.label));
  if (!n.readAt) {
    const button = h('button', { type: 'button', class: 'link-button mark-read' }, 'Mark read');
    button.setAttribute('aria-describedby', headingId);
    button.addEventListener('click', async () => {
      try {
        await api(`/api/me/notifications/${encodeURIComponent(n.notificationId)}/read`, { method: 'POST' });
        markRead(item, n);
        unread = Math.max(0, unread - 1);
        showUnread();
        announce('Marked read.');
        item.querySelector('h2')?.focus();
      } catch (err) {
        status.textContent = problemMessage(err);
      }
    });
    actions.append(button);
  }
  fill(
    item,
    h(
      'article',
      { 'aria-labelledby': headingId },
      h(
        'h2',
        { id: headingId, tabindex: -1 },
        n.readAt ? null : h('span', { class: 'badge unread-flag' }, 'New'),
        n.readAt ? null : ' ',
        n.title,
      ),
      h('p', {}, n.body),
      h('p', { class: 'meta' }, h('time', { datetime: n.createdAt }, dateTime(n.createdAt))),
      actions,
    ),
  );
  return item;
}

async function load(before?: string | null) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (before) query.set('before', before);
  const page = await api<z.infer<typeof NotificationList>>(`/api/me/notifications?${query}`);
  unread = page.unread;
  list.append(...page.items.map(notice));
  oldest = page.items.at(-1)?.createdAt ?? oldest;
  older.hidden = page.items.length < PAGE;
  if (!before && page.items.length === 0) {
    status.textContent = 'No notifications yet. Bookings, refunds and waitlist offers show up here.';
    readAll.hidden = true;
    return;
  }
  showUnread();
}

readAll.addEventListener('click', async () => {
  try {
    await api('/api/me/notifications/read-all', { method: 'POST' });
    for (const item of list.querySelectorAll('.notice--unread')) {
      item.classList.remove('notice--unread');
      item.querySelector('.unread-flag')?.remove();
      item.querySelector('.mark-read')?.remove();
    }
    unread = 0;
    showUnread();
    announce('All notifications marked read.');
  } catch (err) {
    status.textContent = problemMessage(err);
  }
});

older.addEventListener('click', () => load(oldest).catch((err: unknown) => (status.textContent = problemMessage(err))));

async function main() {
  await requireUser();
  status.textContent = 'Loading…';
  try {
    await load();
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

main();
