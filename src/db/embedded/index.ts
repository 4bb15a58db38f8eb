export { startEmbeddedPostgres, type EmbeddedPostgres, type StartEmbeddedPostgresOptions } from './embedded-postgres.js';
export { silentLog, type EmbeddedLog } from './types.js';
