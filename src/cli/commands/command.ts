import type { CliOptions } from '../args.js';
import type { Output } from '../output.js';
import type { Session } from '../session.js';

export interface CommandContext {
  session: Session;
  out: Output;
  options: CliOptions;
  /** A masked prompt in a terminal, else the next line of stdin (so scripts can pipe a password in). */
  askSecret(message: string): Promise<string>;
  /** Whether stdin and stdout are a terminal, so a person can be asked. */
  interactive: boolean;
  /** A yes/no question in a terminal. */
  confirm(message: string): Promise<boolean>;
  /** The interactive menu, for the `menu` command and for no command at all. */
  runMenu(): Promise<void>;
  now(): Date;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Extra lines for the help text: options and examples. */
  details?: string[];
  minArgs: number;
  maxArgs: number;
  run(ctx: CommandContext, args: string[]): Promise<void>;
}
