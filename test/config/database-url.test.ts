import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';

describe('DATABASE_URL', () => {
  it('accepts several hosts with target_session_attrs, as postgres.js reads them (primary and standby)', () => {
    const url = 'postgres://app:secret@127.0.0.1:5432,127.0.0.1:5433/showtime?target_session_attrs=read-write';
    expect(loadEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(loadEnv({ DATABASE_URL: 'postgresql://app@db.internal/showtime' }).DATABASE_URL).toBeDefined();
  });

  it('refuses what is not a PostgreSQL URL', () => {
    expect(() => loadEnv({ DATABASE_URL: 'http://db.internal/showtime' })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ DATABASE_URL: 'postgres://app@[not-an-address/showtime' })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ DATABASE_URL: 'showtime' })).toThrow(/DATABASE_URL/);
  });
});
