/** Where the embedded PostgreSQL manager reports; a pino logger fits as it is. */
export interface EmbeddedLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** The unprivileged account PostgreSQL runs as when we are root (it refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export const silentLog: EmbeddedLog = { debug: () => {}, info: () => {}, warn: () => {} };
