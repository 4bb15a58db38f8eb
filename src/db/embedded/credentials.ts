import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The superuser of the embedded cluster; the password is random per cluster and kept beside it. */
export interface Credentials {
  user: string;
  password: string;
}

const FILE_NAME = 'pg-credentials.json';

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, FILE_NAME);
}

export function newCredentials(): Credentials {
  return { user: 'postgres', password: randomBytes(24).toString('base64url') };
}

export async function readCredentials(dataDir: string): Promise<Credentials | null> {
  let text: string;
  try {
    text = await readFile(credentialsPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<Credentials>;
  if (typeof parsed.user !== 'string' || typeof parsed.password !== 'string') {
    throw new Error(`${credentialsPath(dataDir)} is malformed: expected {"user", "password"}`);
  }
  return { user: parsed.user, password: parsed.password };
}

/** Written to a side file and renamed, so a crash never leaves a half-written password. */
export async function writeCredentials(dataDir: string, credentials: Credentials): Promise<void> {
  const target = credentialsPath(dataDir);
  const staging = `${target}.tmp-${process.pid}`;
  await writeFile(staging, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(staging, target);
}
