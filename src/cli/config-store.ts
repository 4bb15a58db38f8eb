import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/** What the client remembers between runs: the server it logged in to and the token it got. */
export interface CliConfig {
  url?: string;
  token?: string;
  /** Gets a new token when `token` has expired (single use: replaced on every refresh). */
  refreshToken?: string;
  email?: string;
  /** Admission tokens from waiting rooms, by show, until their turn ends. */
  admissions?: Record<string, Admission>;
}

export interface Admission {
  token: string;
  /** ISO; the token is worth nothing after it. */
  turnEndsAt: string;
}

/** `--config`, then SHOWTIME_CONFIG, then the XDG location (`~/.config` when XDG_CONFIG_HOME is unset). */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.SHOWTIME_CONFIG) return env.SHOWTIME_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'showtime', 'config.json');
}

export async function loadConfig(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`Cannot read the config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`The config file ${path} is not valid JSON; fix or delete it`);
  }
  if (!parsed || typeof parsed !== 'object') return {};
  const raw = parsed as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    url: str(raw.url),
    token: str(raw.token),
    refreshToken: str(raw.refreshToken),
    email: str(raw.email),
    admissions: admissionsFrom(raw.admissions),
  };
}

function admissionsFrom(value: unknown): Record<string, Admission> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const out: Record<string, Admission> = {};
  for (const [showId, a] of Object.entries(value as Record<string, unknown>)) {
    const { token, turnEndsAt } = (a ?? {}) as Record<string, unknown>;
    if (typeof token === 'string' && typeof turnEndsAt === 'string') out[showId] = { token, turnEndsAt };
  }
  return out;
}

/**
 * Written to a private temporary file and renamed over the old one, so a crash never leaves half a
 * file and the token is never readable by other users, not even for a moment.
 */
export async function saveConfig(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
