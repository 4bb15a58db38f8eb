import { renderNotifications } from '../render/commerce.js';
import type { Command } from './command.js';

const PAGE = 50;

export const notificationsCommand: Command = {
  name: 'notifications',
  usage: 'notifications [--unread] [--read-all]',
  summary: `your latest ${PAGE} notifications, unread marked ●; --read-all marks them all read`,
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    session.requireLogin();
    const list = await session.api.notifications({ unreadOnly: options.unread, limit: PAGE });
    if (options.json) out.out(JSON.stringify(list, null, 2));
    else for (const line of renderNotifications(list.items, list.unread, out.colors, session.url)) out.out(line);
    if (options.readAll) {
      await session.api.readAllNotifications();
      out.err(list.unread > 0 ? `Marked ${list.unread} read.` : 'Nothing unread.');
    }
  },
};
