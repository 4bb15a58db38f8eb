// The site's only way to the server: the public REST API, with the bearer token from localStorage.

const TOKEN_KEY = 'showtime.token';

/** An RFC 9457 problem answered by the API (or a network failure, with status 0). */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `Request failed (${status})`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'network_error' : `http_${status}`);
    this.detail = this.message;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
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

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

function headersFor({ body, idempotencyKey, accept = 'application/json' }) {
  const headers = { accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return headers;
}

async function send(path, options) {
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
    // A token the server no longer accepts (logged out elsewhere, expired) is worth nothing here either.
    if (res.status === 401 && getToken()) setToken(null);
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
