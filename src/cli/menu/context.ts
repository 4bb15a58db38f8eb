import type { Output } from '../output.js';
import type { Session } from '../session.js';
import type { Prompter } from './prompter.js';

export interface MenuContext {
  session: Session;
  out: Output;
  prompter: Prompter;
  now(): Date;
  /** The show looked at last, offered first the next time a show is picked. */
  lastShowId?: string;
}

export function print(ctx: MenuContext, lines: string[]): void {
  for (const line of lines) ctx.out.out(line);
}
