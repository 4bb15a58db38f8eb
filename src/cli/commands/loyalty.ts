import { renderLoyalty } from '../render/commerce.js';
import type { Command } from './command.js';

export const loyaltyCommand: Command = {
  name: 'loyalty',
  usage: 'loyalty',
  summary: 'your points, tier, the next tier and what each change was for',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    session.requireLogin();
    const loyalty = await session.api.loyalty();
    if (options.json) {
      out.out(JSON.stringify(loyalty, null, 2));
      return;
    }
    for (const line of renderLoyalty(loyalty, out.colors)) out.out(line);
  },
};
