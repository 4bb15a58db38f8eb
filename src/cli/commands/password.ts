import { UsageError } from '../errors.js';
import type { Command, CommandContext } from './command.js';

async function secret(ctx: CommandContext, given: string | undefined, question: string, option: string): Promise<string> {
  const value = given ?? (await ctx.askSecret(question));
  if (!value) throw new UsageError(`${question.toLowerCase()} is needed (${option} or type it when asked)`);
  return value;
}

async function change(ctx: CommandContext): Promise<void> {
  ctx.session.requireLogin();
  const current = await secret(ctx, ctx.options.password, 'Current password', '--password');
  const next = await secret(ctx, ctx.options.newPassword, 'New password', '--new-password');
  // A typo in a masked field would lock the owner out: a person types it twice.
  if (ctx.options.newPassword === undefined && ctx.interactive) {
    if ((await ctx.askSecret('New password again')) !== next) throw new UsageError('the two new passwords differ');
  }
  const { token, refreshToken } = await ctx.session.api.changePassword(current, next);
  const email = ctx.session.email() ?? (await ctx.session.api.me()).email;
  await ctx.session.saveLogin(email, token, refreshToken);
  ctx.out.out('Password changed. Every other device is logged out; this login goes on.');
}

async function reset(ctx: CommandContext, email: string): Promise<void> {
  const { email: address } = await ctx.session.api.requestPasswordReset(email);
  ctx.out.out(
    `If an account has the address ${address}, a link to choose a new password is on its way. ` +
      'Open it in a browser: it works once, for a short while. Setting the password logs out every device.',
  );
}

export const passwordCommand: Command = {
  name: 'password',
  usage: 'password change [--password CURRENT] [--new-password NEW] | password reset <email>',
  summary: 'change your password, or have a link emailed to set a forgotten one (or a first one)',
  details: [
    'password change: asks for the current and the new password unless given; other devices are logged out.',
    'password reset <email>: emails a link to the web site to choose a new password. An account made by',
    '  signing in with another account (Google and the like) sets its first password this way.',
  ],
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, [action, email]) {
    if (action === 'change' && email === undefined) return change(ctx);
    if (action === 'reset' && email !== undefined) return reset(ctx, email);
    throw new UsageError(`usage: ${passwordCommand.usage}`);
  },
};
