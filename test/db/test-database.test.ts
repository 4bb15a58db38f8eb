import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../setup/database.js';

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database and drops it on close', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      expect(first.name).not.toBe(second.name);
      const [applied] = await first.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied!.n).toBeGreaterThan(0);

      await first.sql`create table scratch (id int)`;
      const inSecond = await second.sql`select 1 from information_schema.tables where table_name = 'scratch'`;
      expect(inSecond).toHaveLength(0);
    } finally {
      await second.close();
    }
    await first.close();
    const observer = await createTestDatabase();
    try {
      const rows = await observer.sql`select datname from pg_database where datname in (${first.name}, ${second.name})`;
      expect(rows).toHaveLength(0);
    } finally {
      await observer.close();
    }
  });

  it('gives an empty database when asked for one', async () => {
    const db = await createTestDatabase({ migrated: false });
    try {
      const tables = await db.sql`select 1 from information_schema.tables where table_schema = 'public'`;
      expect(tables).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});
