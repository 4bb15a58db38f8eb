// The admin API as the inspector page uses it: a bearer token kept in localStorage, JSON calls,
// and server-sent events read through fetch (EventSource cannot send an Authorization header).

const TOKEN_KEY = 'showtime.inspector.token';

export const session = {
  get token() {
    return localStorage.getItem(TOKEN_KEY);
  },
  save(token) {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
  },
};

/** A problem+json answer: `status` and the server's `code` and `detail`. */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? 'error';
  }
}

function headers(extra = {}) {
  const h = { accept: 'application/json', ...extra };
  const token = session.token;
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const res = await fetch(path, {
    method,
    signal,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (!res.ok) throw new ApiProblem(res.status, data);
  return data;
}

/**
 * Reads a server-sent event stream, calling onEvent(name, data) for each event, until the stream
 * ends or `signal` aborts. Rejects with ApiProblem when the server refuses the stream.
 */
export async function readEvents(path, onEvent, signal) {
  const res = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiProblem(res.status, body);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}
