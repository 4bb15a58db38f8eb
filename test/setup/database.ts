import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { TEMPLATE_DATABASE, databaseUrl } from './database-names.js';

export interface TestDatabase extends Database {
  url: string;
  name: string;
}

/**
 * A fresh database of its own, dropped by close(). By default a clone of the migrated template;
 * `{ migrated: false }` gives an empty one (for testing migrations themselves).
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('databaseAdminUrl');
  const name = `showtime_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const template = opts.migrated === false ? 'template0' : TEMPLATE_DATABASE;
  await withAdmin(adminUrl, (sql) => sql.unsafe(`create database ${name} template ${template}`));
  const url = databaseUrl(adminUrl, name);
  const database = openDatabase(url);
  let closing: Promise<void> | undefined;
  return {
    ...database,
    url,
    name,
    close: () =>
      (closing ??= (async () => {
        await database.close();
        await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists ${name} with (force)`));
      })()),
  };
}

async function withAdmin(adminUrl: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
