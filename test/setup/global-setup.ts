import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded/index.js';
import { migrate } from '../../src/db/migrate.js';
import { TEMPLATE_DATABASE, databaseUrl } from './database-names.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL (its `postgres` database), for creating test databases. */
    databaseAdminUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run (embedded in a temp dir, or TEST_DATABASE_URL), with a template
 * database holding every migration, so each test file clones a ready schema in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'showtime-test-pg-'));
      // mkdtemp makes it 0700; when we are root, PostgreSQL runs as the postgres user and must enter it.
      await chmod(dataDir, 0o755);
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const server = await startEmbeddedPostgres({
        dataDir,
        durable: false,
        log: {
          debug: () => {},
          info: (m) => console.error(`[test db] ${m}`),
          warn: (m) => console.error(`[test db] ${m}`),
        },
      });
      cleanups.push(async () => {
        await server.stop();
        if (!server.clusterDir.startsWith(dataDir)) await rm(server.clusterDir, { recursive: true, force: true });
      });
      adminUrl = server.url;
    }
    await createTemplate(adminUrl);
    const url = adminUrl;
    cleanups.push(() => dropDatabase(url, TEMPLATE_DATABASE));
    project.provide('databaseAdminUrl', adminUrl);
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}

async function createTemplate(adminUrl: string): Promise<void> {
  await dropDatabase(adminUrl, TEMPLATE_DATABASE);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  // migrate() closes its connection: CREATE DATABASE ... TEMPLATE refuses a template in use.
  await migrate(databaseUrl(adminUrl, TEMPLATE_DATABASE));
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
