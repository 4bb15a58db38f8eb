/**
 * `npm run restore -- <dir>`: puts a backup made by `npm run backup` in place as the embedded
 * PostgreSQL of DATA_DIR (default ./.data) and recovers it once. The server must be stopped.
 */
import { loadEnv } from '../../src/config/env.js';
import { restoreEmbedded } from '../../src/db/embedded/backup.js';
import { consoleLog, fail } from './cli-log.js';

const source = process.argv[2];
if (!source || process.argv.length > 3) fail('usage: npm run restore -- <backup folder>', 2);
const env = loadEnv();
if (env.DATABASE_URL) fail('DATABASE_URL is set: npm run restore restores the embedded PostgreSQL of DATA_DIR only.');
try {
  const result = await restoreEmbedded({ backupDir: source, dataDir: env.DATA_DIR, log: consoleLog });
  console.log(
    `Restored the backup of ${result.manifest.takenAt} into ${result.clusterDir}; it recovered and stopped cleanly.` +
      (result.setAside ? ` The cluster it replaced is in ${result.setAside}.` : '') +
      ' Start the server as usual.',
  );
} catch (err) {
  fail(`restore failed: ${(err as Error).message}`);
}
