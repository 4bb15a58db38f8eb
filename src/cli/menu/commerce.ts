import { showTitles } from '../ops/show-titles.js';
import { renderLoyalty, renderNotifications, renderPayments } from '../render/commerce.js';
import { ensureLoggedIn } from './account.js';
import { print, type MenuContext } from './context.js';

export async function showLoyalty(ctx: MenuContext): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  print(ctx, renderLoyalty(await ctx.session.api.loyalty(), ctx.out.colors));
}

/** The latest notifications; when some are unread, offers to mark them all read. */
export async function showNotifications(ctx: MenuContext): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  const { items, unread } = await ctx.session.api.notifications({ limit: 20 });
  print(ctx, renderNotifications(items, unread, ctx.out.colors));
  if (unread === 0) return;
  if (await ctx.prompter.confirm('Mark them all read?', { default: true })) {
    await ctx.session.api.readAllNotifications();
    ctx.out.out(`Marked ${unread} read.`);
  }
}

export async function showPayments(ctx: MenuContext): Promise<void> {
  if (!(await ensureLoggedIn(ctx))) return;
  const { items } = await ctx.session.api.payments();
  print(ctx, renderPayments(items, ctx.out.colors, await showTitles(ctx.session.api, items.map((p) => p.showId))));
}
