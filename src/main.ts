import { loadEnv } from './config/env.js';
import { safeErrorMessage } from './observability/log-errors.js';
import { createLogger, logDestination } from './observability/logger.js';
import { startServer } from './server.js';

let env;
try {
  env = loadEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const log = createLogger(env.LOG_LEVEL, {}, logDestination(env.LOG_FORMAT, process.stdout));

try {
  const server = await startServer(env, log);
  log.info({ url: server.url, nodeId: server.nodeId }, 'ready');
  console.log(
    `\n  Booking server ready at ${server.url}\n  API docs: ${server.url}/docs\n  Admin: ${env.ADMIN_EMAIL}\n`,
  );
  let stoppingSince: number | null = null;
  const shutdown = (signal: string) => {
    if (stoppingSince !== null) {
      // One Ctrl-C often arrives twice (the terminal signals the whole process group and the npm or
      // tsx launcher relays it too), so only a signal well after the first one forces an exit, which
      // skips stopping PostgreSQL.
      if (Date.now() - stoppingSince < 3000) return;
      log.warn('signal received again while stopping: exiting at once');
      process.exit(130);
    }
    stoppingSince = Date.now();
    log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'start-up failed');
  // The line above has the whole error; this one is for a person at the terminal, and as clean.
  console.error(`\nStart-up failed: ${err instanceof Error ? safeErrorMessage(err) : String(err)}\n`);
  process.exit(1);
}
