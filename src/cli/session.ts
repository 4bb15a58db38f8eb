import { createApiClient, type ApiClient } from './api/client.js';
import { loadConfig, saveConfig, type Admission, type CliConfig } from './config-store.js';
import { NeedsActionError } from './errors.js';

export const defaultUrl = 'http://localhost:3000';

/** The server this run talks to and the login remembered for it. */
export interface Session {
  readonly url: string;
  readonly configPath: string;
  readonly api: ApiClient;
  /** The email of the saved login for this server, if any. */
  email(): string | undefined;
  isLoggedIn(): boolean;
  /** Throws a readable NeedsActionError when there is no saved login for this server. */
  requireLogin(): void;
  saveLogin(email: string, token: string, refreshToken?: string): Promise<void>;
  /** Keeps a waiting room's admission for this show (its holds send it) until its turn ends. */
  saveAdmission(showId: string, admission: Admission): Promise<void>;
  clearLogin(): Promise<void>;
}

export function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * The URL comes from `--url`, then SHOWTIME_URL, then the saved config, then localhost. A saved
 * token is used only for the server it was issued by: sending it elsewhere would leak it.
 */
export async function openSession(opts: {
  url?: string;
  configPath: string;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}): Promise<Session> {
  let config: CliConfig = await loadConfig(opts.configPath);
  const url = normalizeUrl(opts.url || opts.env.SHOWTIME_URL || config.url || defaultUrl);
  const sameServer = config.url !== undefined && normalizeUrl(config.url) === url;
  // Turns that have ended are dropped; the rest belong to this login on this server only.
  const now = Date.now();
  const admissions = Object.fromEntries(
    Object.entries(sameServer ? (config.admissions ?? {}) : {}).filter(([, a]) => Date.parse(a.turnEndsAt) > now),
  );
  const api = createApiClient({
    baseUrl: url,
    token: sameServer ? config.token : undefined,
    refreshToken: sameServer ? config.refreshToken : undefined,
    fetch: opts.fetch,
    admissions: Object.fromEntries(Object.entries(admissions).map(([showId, a]) => [showId, a.token])),
    // The old refresh token is used up: the new pair must be on disk before the next run.
    onRefresh: async (token, refreshToken) => {
      config = { ...config, token, refreshToken };
      await saveConfig(opts.configPath, config);
    },
  });
  return {
    url,
    configPath: opts.configPath,
    api,
    email: () => (api.token ? config.email : undefined),
    isLoggedIn: () => api.token !== undefined,
    requireLogin() {
      if (api.token) return;
      throw new NeedsActionError(`Not logged in to ${url}. Run: showtime login <email> (or register <email> <name>)`);
    },
    async saveLogin(email, token, refreshToken) {
      config = { url, token, refreshToken, email };
      api.setToken(token, refreshToken);
      await saveConfig(opts.configPath, config);
    },
    async saveAdmission(showId, admission) {
      admissions[showId] = admission;
      config = { ...config, admissions };
      api.setAdmission(showId, admission.token);
      await saveConfig(opts.configPath, config);
    },
    async clearLogin() {
      config = { url, email: config.email };
      api.setToken(undefined, undefined);
      await saveConfig(opts.configPath, config);
    },
  };
}
