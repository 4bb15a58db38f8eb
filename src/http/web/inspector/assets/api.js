// The admin API as the inspector page uses it: the web site's own sign-in (its tokens in
// localStorage, refreshed by the site's client), JSON calls, and server-sent events read through
// fetch (EventSource cannot send an Authorization header).

import { ApiProblem, api as siteApi, getToken, setToken } from '/assets/js/api.js';

export { ApiProblem };

export const session = {
  get token() {
    return getToken();
  },
  clear() {
    setToken(null);
  },
};

export function api(path, { method = 'GET', body, signal } = {}) {
  return siteApi(path, { method, body, signal });
}

async function openStream(path, signal) {
  const res = await fetch(path, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${getToken() ?? ''}` },
    signal,
  });
  return res;
}

/**
 * Reads a server-sent event stream, calling onEvent(name, data) for each event, until the stream
 * ends or `signal` aborts. Rejects with ApiProblem when the server refuses the stream.
 */
export async function readEvents(path, onEvent, signal) {
  let res = await openStream(path, signal);
  if (res.status === 401) {
    // An expired access token: any API call renews it through the site's refresh token.
    const renewed = await siteApi('/api/me', { signal }).then(
      () => true,
      () => false,
    );
    if (renewed) res = await openStream(path, signal);
  }
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
