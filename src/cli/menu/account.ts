import { logoutQuietly } from '../commands/account.js';
import type { MenuContext } from './context.js';

const emailCheck = (v: string) => (/^[^\s@]+@[^\s@]+$/.test(v) ? true : 'Type an email address');

export async function logIn(ctx: MenuContext): Promise<boolean> {
  const email = await ctx.prompter.input('Email', { default: ctx.session.email(), validate: emailCheck });
  const password = await ctx.prompter.password('Password');
  const { token, refreshToken } = await ctx.session.api.login(email, password);
  await ctx.session.saveLogin(email, token, refreshToken);
  ctx.out.out(ctx.out.colors.green(`Logged in as ${email}.`));
  return true;
}

export async function register(ctx: MenuContext): Promise<boolean> {
  const email = await ctx.prompter.input('Email', { validate: emailCheck });
  const name = await ctx.prompter.input('Your name', { validate: (v) => (v ? true : 'Type a name') });
  const password = await ctx.prompter.password('Password (8 characters or more)');
  const { token, refreshToken } = await ctx.session.api.register(email, password, name);
  await ctx.session.saveLogin(email, token, refreshToken);
  ctx.out.out(ctx.out.colors.green(`Welcome, ${name}: registered and logged in as ${email}.`));
  return true;
}

export async function logOut(ctx: MenuContext): Promise<void> {
  await logoutQuietly(ctx.session.api);
  await ctx.session.clearLogin();
  ctx.out.out('Logged out.');
}

/** Booking needs an account: offer to log in or register on the spot instead of failing. */
export async function ensureLoggedIn(ctx: MenuContext): Promise<boolean> {
  if (ctx.session.isLoggedIn()) return true;
  const next = await ctx.prompter.select('You need to be logged in for this.', [
    { name: 'Log in', value: 'login' as const },
    { name: 'Register', value: 'register' as const },
    { name: 'Back', value: 'back' as const },
  ]);
  if (next === 'login') return logIn(ctx);
  if (next === 'register') return register(ctx);
  return false;
}
