/**
 * `npm run backup -- <dir>`: a consistent online backup of the embedded PostgreSQL of DATA_DIR
 * (default ./.data), taken while the server keeps serving. See src/db/embedded/backup.ts.
 */
import { loadEnv } from '../../src/config/env.js';
import { backupEmbedded } from '../../src/db/embedded/backup.js';
import { consoleLog, fail } from './cli-log.js';

const target = process.argv[2];
if (!target || process.argv.length > 3) fail('usage: npm run backup -- <new folder>', 2);
const env = loadEnv();
if (env.DATABASE_URL) {
  fail(
    'DATABASE_URL is set: npm run backup copies the embedded PostgreSQL only. Back up an outside server ' +
      "with its own tools (pg_basebackup, pg_dump, or the provider's snapshots).",
  );
}
const started = performance.now();
try {
  const manifest = await backupEmbedded({ dataDir: env.DATA_DIR, targetDir: target, log: consoleLog });
  console.log(
    `Backup of ${env.DATA_DIR} written to ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(WAL ${manifest.startLsn} to ${manifest.stopLsn}, ${manifest.walSegments} WAL files). ` +
      `Restore it with: npm run restore -- ${target}`,
  );
} catch (err) {
  fail(`backup failed: ${(err as Error).message}`);
}
