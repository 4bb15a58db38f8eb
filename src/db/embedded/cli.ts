import { loadEnv } from '../../config/env.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { EmbeddedLog } from './types.js';

// Manual use: `npx tsx src/db/embedded/cli.ts [dataDir]` starts the embedded PostgreSQL of DATA_DIR
// (or the given folder), prints its URL and keeps it running until Ctrl-C.
const verbose = process.argv.includes('--verbose');
const dataDir = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? loadEnv().DATA_DIR;
const log: EmbeddedLog = {
  debug: (message) => verbose && console.error(message),
  info: (message) => console.error(message),
  warn: (message) => console.error(message),
};

const pg = await startEmbeddedPostgres({ dataDir, log });
console.log(pg.url);
console.error(`PostgreSQL ${pg.adopted ? 'adopted' : 'started'}, cluster in ${pg.clusterDir}; Ctrl-C stops it`);

// `on`, not `once`: a terminal's Ctrl-C reaches tsx too, which relays it, so a second SIGINT may
// arrive while PostgreSQL is stopping and must not kill us half-way.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
// The postmaster is unref'd; this keeps the process alive until a signal arrives.
setInterval(() => {}, 1 << 30);
