import { showTitles } from '../ops/show-titles.js';
import { renderPayments } from '../render/commerce.js';
import type { Command } from './command.js';

export const paymentsCommand: Command = {
  name: 'payments',
  usage: 'payments',
  summary: 'your payments: seats, discount, fees, what was paid and refunded',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    session.requireLogin();
    const { items } = await session.api.payments();
    if (options.json) {
      out.out(JSON.stringify(items, null, 2));
      return;
    }
    const titles = await showTitles(session.api, items.map((p) => p.showId));
    for (const line of renderPayments(items, out.colors, titles)) out.out(line);
  },
};
