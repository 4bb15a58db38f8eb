import type { Command } from './commands/command.js';
import { defaultUrl } from './session.js';

/** The help text, built from the commands themselves so it cannot fall behind them. */
export function helpText(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.split(' [')[0]!.length), 'help'.length);
  const lines = [
    'showtime: the terminal client of the Showtime booking server',
    '',
    'Usage: showtime [--url URL] [--config FILE] [--json] [command [args]]',
    '       (in a clone of the repository: npx showtime ..., or npm link once for a showtime command)',
    '',
    'With no command in a terminal, an interactive menu starts.',
    '',
    'Commands:',
  ];
  for (const c of commands) {
    const [head, ...rest] = c.usage.split(' [');
    lines.push(`  ${head!.padEnd(width)}  ${c.summary}`);
    if (rest.length > 0) lines.push(`  ${''.padEnd(width)}    options: [${rest.join(' [')}`);
    for (const d of c.details ?? []) lines.push(`  ${''.padEnd(width)}    ${d}`);
  }
  lines.push(
    `  ${'help'.padEnd(width)}  this text`,
    '',
    'Options:',
    `  --url URL       the server (else SHOWTIME_URL, else the saved one, else ${defaultUrl})`,
    '  --config FILE   where the login is kept (else SHOWTIME_CONFIG, else',
    '                  $XDG_CONFIG_HOME/showtime/config.json or ~/.config/showtime/config.json)',
    '  --json          print the API answer as JSON instead of tables',
    '',
    'Exit codes: 0 done, 1 the server refused or could not be reached, 2 wrong usage.',
    'Colour only when the output is a terminal (NO_COLOR turns it off, FORCE_COLOR on).',
  );
  return lines.join('\n');
}
