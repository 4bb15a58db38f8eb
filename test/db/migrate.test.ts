import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrate } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../setup/database.js';

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  open.push(db);
  return db;
}

async function expectedMigrationCount(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Every table some migration creates. */
async function expectedTables(): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(MIGRATIONS_FOLDER, f), 'utf8')));
  return texts.flatMap((t) => [...t.matchAll(/CREATE TABLE "([^"]+)"/g)].map((m) => m[1]!)).sort();
}

async function state(db: TestDatabase) {
  const applied = await db.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  const tables = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
  return { applied: applied[0]!.n, tables: tables.map((t) => t.table_name) };
}

describe('migrate', () => {
  it('applies every migration once when three processes migrate at the same time', async () => {
    const db = await emptyDatabase();
    await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);

    const tables = await expectedTables();
    expect(tables.length).toBeGreaterThan(0);
    expect(await state(db)).toEqual({ applied: await expectedMigrationCount(), tables });
  });

  it('refuses, with a message that says what to do, a database migrated by migrations it does not have', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    await db.sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-another-version', 1)`;
    const before = await state(db);
    await expect(migrate(db.url)).rejects.toThrow(/migrations? this code does not have.*delete DATA_DIR/);
    expect(await state(db)).toEqual(before);
  });

  it('is a no-op when run again', async () => {
    const db = await emptyDatabase();
    await migrate(db.url);
    const before = await state(db);
    await migrate(db.url);
    expect(await state(db)).toEqual(before);
  });

  it('finds the migrations folder whatever the working directory', async () => {
    const db = await emptyDatabase();
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      await migrate(db.url);
    } finally {
      process.chdir(cwd);
    }
    expect((await state(db)).tables).toEqual(await expectedTables());
  });

  it('migrates through a pool, holding the lock on a borrowed connection', async () => {
    const db = await emptyDatabase();
    const pool = postgres(db.url, { max: 3, onnotice: () => {} });
    try {
      await Promise.all([migrate(pool), migrate(pool)]);
      const locks = await pool`select count(*)::int as n from pg_locks where locktype = 'advisory'`;
      expect(locks[0]!.n).toBe(0);
    } finally {
      await pool.end();
    }
    expect(await state(db)).toEqual({ applied: await expectedMigrationCount(), tables: await expectedTables() });
  });

  it('refuses a single-connection pool, which would deadlock', async () => {
    const db = await emptyDatabase();
    const pool = postgres(db.url, { max: 1 });
    try {
      await expect(migrate(pool)).rejects.toThrow(/at least 2 connections/);
    } finally {
      await pool.end();
    }
  });
});
