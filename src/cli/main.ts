import { parseCliArgs, type ParsedArgs } from './args.js';
import { commands, findCommand, type CommandContext } from './commands/index.js';
import { resolveConfigPath } from './config-store.js';
import { describeError, exitCodeOf, exitCodes, UsageError } from './errors.js';
import { helpText } from './help.js';
import { createInquirerPrompter } from './menu/inquirer-prompter.js';
import { createLinePrompter, LineReader } from './menu/line-prompter.js';
import { runMenu } from './menu/menu.js';
import { PromptAborted, type Prompter } from './menu/prompter.js';
import { createOutput, type Output } from './output.js';
import { openSession } from './session.js';

/** The terminal client: one command, or the interactive menu when none is given. */
async function main(argv: string[]): Promise<number> {
  const out = createOutput();
  const debug = Boolean(process.env.SHOWTIME_DEBUG);
  let parsed: ParsedArgs;
  try {
    parsed = parseCliArgs(argv);
    if (parsed.options.help || parsed.command === 'help') {
      out.out(helpText(commands));
      return exitCodes.ok;
    }
    const command = parsed.command === undefined ? findCommand('menu') : findCommand(parsed.command);
    if (!command) throw new UsageError(`unknown command "${parsed.command}"`);
    if (parsed.args.length < command.minArgs || parsed.args.length > command.maxArgs) {
      throw new UsageError(`usage: ${command.usage}`);
    }
    const session = await openSession({
      url: parsed.options.url,
      configPath: resolveConfigPath(parsed.options.config, process.env),
      env: process.env,
    });
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    let reader: LineReader | undefined;
    const lines = () => (reader ??= new LineReader(process.stdin));
    const ctx: CommandContext = {
      session,
      out,
      options: parsed.options,
      now: () => new Date(),
      interactive,
      // Ctrl-C at the question is a no.
      confirm: (message) =>
        createInquirerPrompter()
          .confirm(message, { default: false })
          .catch((err: unknown) => (err instanceof PromptAborted ? false : Promise.reject(err))),
      askSecret: async (message) => {
        if (interactive) return createInquirerPrompter().password(message);
        return createLinePrompter(lines(), (t) => void process.stderr.write(t)).password(message);
      },
      runMenu: () => runMenu({ session, out, prompter: menuPrompter(interactive, lines, out), now: () => new Date() }),
    };
    await command.run(ctx, parsed.args);
    reader?.close();
    return exitCodes.ok;
  } catch (err) {
    out.err(out.colors.red(describeError(err, { debug })));
    if (err instanceof UsageError) out.err('Run "showtime help" for the commands.');
    return exitCodeOf(err);
  }
}

function menuPrompter(interactive: boolean, lines: () => LineReader, out: Output): Prompter {
  if (interactive) return createInquirerPrompter();
  out.err(out.colors.dim('stdin is not a terminal: answering the menu by lines (a number or a choice per line).'));
  return createLinePrompter(lines(), (t) => void process.stdout.write(t));
}

// Exit explicitly: idle keep-alive sockets would otherwise hold the process open for a few seconds.
process.exit(await main(process.argv.slice(2)));
