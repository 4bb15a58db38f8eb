// The site's only way to the server: the public REST API, with the bearer token from localStorage.

const TOKEN_KEY = 'showtime.token';
const REFRESH_KEY = 'showtime.refresh';

/** An RFC 9457 problem answered by the API (or a network failure, with status 0). */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `Request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.detail = this.message;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    /** The whole problem, for the fields some codes add (the bookings that block deleting an account). */
    this.body = body ?? null;
  }
}

let serverOffsetMs = 0;

function noteServerTime(res) {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds only: a smaller difference is rounding, not a wrong clock.
  const offset = date - Date.now();
  serverOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
}

/** The server's idea of now, so countdowns end when the server's deadlines do even if this clock is off. */
export function serverNow() {
  return Date.now() + serverOffsetMs;
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

/** Keeps the access token and, when given, the refresh token that gets the next one; null signs out. */
export function setToken(token, refreshToken) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  if (refreshToken) localStorage.setItem(REFRESH_KEY, refreshToken);
  else if (!token) localStorage.removeItem(REFRESH_KEY);
}

let refreshing = null;

/**
 * Trades the refresh token for a new pair, once for all requests that found the access token
 * expired at the same moment (a refresh token is single use: two trades would end the sign-in).
 */
function refreshSession() {
  const refreshToken = localStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) return false;
      const body = await res.json();
      setToken(body.token, body.refreshToken);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function headersFor({ body, idempotencyKey, accept = 'application/json', headers: extra }) {
  const headers = { ...extra, accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return headers;
}

async function send(path, options, retried = false) {
  const { method = 'GET', body, signal } = options;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: headersFor(options),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiProblem(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
  }
  noteServerTime(res);
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    if (res.status === 401 && getToken()) {
      // An expired access token: a new one from the refresh token, and the request once more.
      if (!retried && (await refreshSession())) return send(path, options, true);
      // A token the server no longer accepts (logged out elsewhere, revoked) is worth nothing here either.
      setToken(null);
    }
    throw new ApiProblem(res.status, problem);
  }
  return res;
}

/** JSON in, JSON out; throws ApiProblem for any error answer. */
export async function api(path, options = {}) {
  const res = await send(path, options);
  if (res.status === 204) return null;
  return res.json();
}

/** A binary resource that needs the token (the booking's QR), as a Blob. */
export async function apiBlob(path, options = {}) {
  const res = await send(path, { ...options, accept: '*/*' });
  return res.blob();
}

/** A fresh key per user action, so a retried request is answered once. */
export function newIdempotencyKey() {
  return crypto.randomUUID();
}
