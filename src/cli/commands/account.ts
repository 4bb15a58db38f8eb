import { ApiProblem, UsageError } from '../errors.js';
import { renderFields } from '../render/views.js';
import type { Command, CommandContext } from './command.js';

export async function passwordFor(ctx: CommandContext): Promise<string> {
  const password = ctx.options.password ?? (await ctx.askSecret('Password'));
  if (!password) throw new UsageError('a password is needed (--password or type it when asked)');
  return password;
}

export const loginCommand: Command = {
  name: 'login',
  usage: 'login <email> [--password PASSWORD]',
  summary: 'log in and remember the login (password asked for when not given)',
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, [email]) {
    const password = await passwordFor(ctx);
    const { token, refreshToken } = await ctx.session.api.login(email!, password);
    await ctx.session.saveLogin(email!, token, refreshToken);
    ctx.out.out(`Logged in to ${ctx.session.url} as ${email}`);
  },
};

export const registerCommand: Command = {
  name: 'register',
  usage: 'register <email> <name> [--password PASSWORD]',
  summary: 'create an account and log in with it',
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, [email, name]) {
    const password = await passwordFor(ctx);
    const { token, refreshToken } = await ctx.session.api.register(email!, password, name!);
    await ctx.session.saveLogin(email!, token, refreshToken);
    ctx.out.out(`Registered and logged in to ${ctx.session.url} as ${email}`);
  },
};

export const logoutCommand: Command = {
  name: 'logout',
  usage: 'logout',
  summary: 'end the login on the server and forget it here',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out }) {
    if (!session.isLoggedIn()) {
      out.out('Not logged in.');
      return;
    }
    await logoutQuietly(session.api);
    await session.clearLogin();
    out.out('Logged out.');
  },
};

export const logoutEverywhereCommand: Command = {
  name: 'logout-everywhere',
  usage: 'logout-everywhere',
  summary: 'end every login of your account, on every device, and forget it here',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out }) {
    session.requireLogin();
    await session.api.logoutEverywhere();
    await session.clearLogin();
    out.out('Logged out everywhere: every device has to log in again.');
  },
};

/** A token the server already forgot (expired, revoked) still gets forgotten here. */
export async function logoutQuietly(api: { logout(): Promise<void> }): Promise<void> {
  try {
    await api.logout();
  } catch (err) {
    if (!(err instanceof ApiProblem && err.status === 401)) throw err;
  }
}

export const whoamiCommand: Command = {
  name: 'whoami',
  usage: 'whoami',
  summary: 'the account of the saved login',
  minArgs: 0,
  maxArgs: 0,
  async run({ session, out, options }) {
    session.requireLogin();
    const me = await session.api.me();
    if (options.json) {
      out.out(JSON.stringify(me, null, 2));
      return;
    }
    for (const line of renderFields(
      [
        ['Email', me.email],
        ['Name', me.name],
        ['Role', me.role],
        ['Server', session.url],
      ],
      out.colors,
    ))
      out.out(line);
  },
};
