/** The terminal client's name, as `npm install` links it (package.json `bin`). */
const PROGRAM = 'showtime';
const PLAIN = /^[A-Za-z0-9_./:@,=+-]+$/;

/** A command line to copy into a shell: `showtime book concert_2025 2`, words quoted where a shell needs it. */
export function cliCommand(...args: (string | number)[]): string {
  const words = args.map(String).map((w) => (PLAIN.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`));
  return [PROGRAM, ...words].join(' ');
}
