import http from 'node:http';

/** A small keep-alive JSON client: the benchmark must not spend its CPU share in the client. */
export function createClient(baseUrl: string, maxSockets: number) {
  const url = new URL(baseUrl);
  // Idle sockets are dropped before the server's 5 s keep-alive timeout would close them under a
  // request (ECONNRESET); the timeout only ends idle sockets, a slow answer is still awaited.
  const agent = new http.Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
  return function request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          signal,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON: keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  };
}

export type Client = ReturnType<typeof createClient>;
