// The site's and the inspector's only way to the server: the public REST API, with the bearer token
// from the shared token store, renewed by its refresh token when it expires.
import type { ProblemBody, TokenResponse } from './api-types.js';
import { getRefreshToken, getToken, setToken } from './token-store.js';

export { getToken, setToken };

/** One field a validation problem names, and what is wrong with it. */
export interface FieldProblem {
  path?: string;
  message: string;
}

type ProblemFields = Partial<ProblemBody> & Record<string, unknown>;

function asProblemFields(body: unknown): ProblemFields | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ProblemFields) : null;
}

/** An RFC 9457 problem answered by the API (or a network failure, with status 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  /** The pause the server asked for before a retry (its Retry-After), or null when it named none. */
  readonly retryAfterMs: number | null;
  /** The whole problem, for the fields some codes add (the bookings that block deleting an account). */
  readonly body: ProblemFields | null;

  constructor(status: number, body: unknown, retryAfter: string | null = null) {
    const problem = asProblemFields(body);
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.detail = this.message;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    this.retryAfterMs = retryAfterMs(retryAfter);
    this.body = problem;
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
function retryAfterMs(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export interface ApiOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  idempotencyKey?: string;
  accept?: string;
  headers?: Record<string, string>;
}

let serverOffsetMs = 0;

function noteServerTime(res: Response): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds only: a smaller difference is rounding, not a wrong clock.
  const offset = date - Date.now();
  serverOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

/** The server's idea of now, so countdowns end when the server's deadlines do even if this clock is off. */
export function serverNow(): number {
  return Date.now() + serverOffsetMs;
}

let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for a new pair, once for all requests that found the access token
 * expired at the same moment (a refresh token is single use: two trades would end the sign-in).
 */
function refreshSession(): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) return false;
      const body = (await res.json()) as TokenResponse;
      setToken(body.token, body.refreshToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function headersFor({ body, idempotencyKey, accept = 'application/json', headers: extra }: ApiOptions) {
  const headers: Record<string, string> = { ...extra, accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return headers;
}

/** A request given up through its AbortSignal, which is no failure to report. */
export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

async function send(path: string, options: ApiOptions, retried = false): Promise<Response> {
  const { method = 'GET', body, signal } = options;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: headersFor(options),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiProblem(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
  }
  noteServerTime(res);
  if (!res.ok) {
    const problem: unknown = await res.json().catch(() => null);
    if (res.status === 401 && getToken()) {
      // An expired access token: a new one from the refresh token, and the request once more.
      if (!retried && (await refreshSession())) return send(path, options, true);
      // A token the server no longer accepts (logged out elsewhere, revoked) is worth nothing here either.
      setToken(null);
    }
    throw new ApiProblem(res.status, problem, res.headers.get('retry-after'));
  }
  return res;
}

/**
 * JSON in, JSON out; throws ApiProblem for any error answer. `T` is what the endpoint answers (the
 * server's own type, from ./api-types.js); a 204 answers null.
 */
export async function api<T = unknown>(path: string, options: ApiOptions = {}): Promise<T> {
  const res = await send(path, options);
  if (res.status === 204) return null as T;
  return (await res.json()) as T;
}

/** A binary resource that needs the token (the booking's QR), as a Blob. */
export async function apiBlob(path: string, options: ApiOptions = {}): Promise<Blob> {
  const res = await send(path, { ...options, accept: '*/*' });
  return res.blob();
}

/** A fresh key per user action, so a retried request is answered once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function openStream(path: string, signal: AbortSignal | undefined): Promise<Response> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(path, { headers, signal });
}

/**
 * Reads a server-sent event stream through fetch (EventSource cannot send the bearer token), calling
 * `onEvent(name, data)` with each event's parsed JSON until the stream ends, `signal` aborts or
 * `onEvent` returns false. Rejects with ApiProblem when the server refuses the stream; an expired
 * token is renewed once, as for any other request.
 */
export async function readEvents(
  path: string,
  onEvent: (name: string, data: unknown) => boolean | void,
  signal?: AbortSignal,
): Promise<void> {
  let res = await openStream(path, signal);
  if (res.status === 401 && getToken()) {
    if (await refreshSession()) res = await openStream(path, signal);
    else setToken(null);
  }
  if (!res.ok || !res.body)
    throw new ApiProblem(res.status, await res.json().catch(() => null), res.headers.get('retry-after'));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0 && onEvent(name, JSON.parse(data.join('\n'))) === false) return;
    }
  }
}
