import { renderMyHolds } from '../render/holds.js';
import type { Command } from './command.js';

export const holdsCommand: Command = {
  name: 'holds',
  usage: 'holds',
  summary: 'your live holds and waitlist offers (any device), the time left and where to pay; your waiting places',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options, now }) {
    session.requireLogin();
    const [holds, waitlist] = await Promise.all([session.api.myHolds(), session.api.myWaitlist()]);
    if (options.json) {
      out.out(JSON.stringify({ holds: holds.items, waitlist: waitlist.items }, null, 2));
      return;
    }
    const lines = renderMyHolds(holds.items, waitlist.items, out.colors, {
      now: now().getTime(),
      siteUrl: session.url,
    });
    for (const line of lines) out.out(line);
  },
};
