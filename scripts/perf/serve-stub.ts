/**
 * The HTTP app with a stub show runtime (see stub-runtime.ts): real auth, middleware, validation,
 * routes and node:http, no actor. Started as a child by http-hot-path.ts. PERF_SRC names the checkout
 * whose src/ is served (default: this one), so two versions of the HTTP layer can be compared.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createStubRuntime } from './stub-runtime.js';

const root = resolve(process.env.PERF_SRC ?? resolve(import.meta.dirname, '../..'));
const load = (path: string) => import(pathToFileURL(resolve(root, path)).href);

const [{ loadEnv }, { createLogger }, { openDatabase }, { createAuth }, { createApp }, { serve }] = await Promise.all([
  load('src/config/env.ts'),
  load('src/observability/logger.ts'),
  load('src/db/client.ts'),
  load('src/http/auth/index.ts'),
  load('src/http/app.ts'),
  import('@hono/node-server'),
]);

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const database = openDatabase(env.DATABASE_URL, { max: 20 });
const clock = { now: () => Date.now() };
const auth = await createAuth({
  db: database.db,
  clock,
  log,
  jwtSecret: env.JWT_SECRET,
  tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
});
const app = createApp({
  env,
  db: database.db,
  sql: database.sql,
  runtime: createStubRuntime(),
  // Hold and release never reach checkout.
  checkout: {},
  auth,
  log,
  nodeId: env.NODE_ID ?? 'perf',
});
const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT });
const stop = () => {
  server.close();
  auth.stop();
  void database.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
