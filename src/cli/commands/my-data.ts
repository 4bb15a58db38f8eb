import { writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { passwordFor } from './account.js';
import type { Command } from './command.js';

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const exportCommand: Command = {
  name: 'export',
  usage: 'export [file]',
  summary: 'everything the server holds about you, as one JSON file (to stdout without a file)',
  minArgs: 0,
  maxArgs: 1,
  async run({ session, out }, [file]) {
    session.requireLogin();
    const data = await session.api.exportMyData();
    const text = `${JSON.stringify(data, null, 2)}\n`;
    if (file === undefined || file === '-') {
      out.out(text.trimEnd());
      return;
    }
    // Personal data: readable by this user only.
    await writeFile(file, text, { mode: 0o600 });
    out.out(
      `Wrote ${file}: ${count(data.bookings.length, 'booking')}, ${count(data.payments.length, 'payment')}, ` +
        `${count(data.notifications.length, 'notification')}, ${count(data.reviews.length, 'review')}, ` +
        `${count(data.support.length, 'support question')}.`,
    );
  },
};

export const deleteAccountCommand: Command = {
  name: 'delete-account',
  usage: 'delete-account [--password PASSWORD] [--yes]',
  summary: 'erase your account (refused while you have bookings for shows still to come)',
  details: [
    'Bookings and payments stay for accounting, no longer linked to you; reviews stay as Anonymous.',
    'Asks to confirm in a terminal; a script passes --yes. Run "export" first for a copy of your data.',
  ],
  minArgs: 0,
  maxArgs: 0,
  async run(ctx) {
    const { session, out, options, interactive } = ctx;
    session.requireLogin();
    if (!options.yes) {
      if (!interactive) throw new UsageError('deleting an account cannot be undone: pass --yes to confirm');
      if (!(await ctx.confirm('Delete your account? This cannot be undone.'))) {
        out.out('Kept your account.');
        return;
      }
    }
    const password = await passwordFor(ctx);
    await session.api.deleteAccount(password);
    await session.clearLogin();
    out.out('Your account has been deleted and you are logged out.');
  },
};
