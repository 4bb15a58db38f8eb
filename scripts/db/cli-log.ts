import type { EmbeddedLog } from '../../src/db/embedded/index.js';

/** What the tool does, on stderr; PostgreSQL's own output stays out of it. */
export const consoleLog: EmbeddedLog = {
  debug: () => {},
  info: (m) => console.error(m),
  warn: (m) => console.error(m),
};

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}
