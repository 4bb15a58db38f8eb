import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '../../src/notifications/webhooks/signature.js';

export interface ReceivedCall {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: any;
  /** Whether the signature verified against the receiver's secret at the time of the call. */
  verified: boolean;
  /** The status the receiver answered. */
  answered: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** The secret to verify with (known once the webhook is registered). */
  secret: string | null;
  /** Statuses to answer, in order; 200 once they run out. */
  script: number[];
  close(): Promise<void>;
}

/** A local HTTP endpoint that records every call and checks its Standard Webhooks signature. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', calls: [], secret: null, script: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        id: String(req.headers['webhook-id'] ?? ''),
        timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''),
      };
      const verified = receiver.secret !== null && verify(receiver.secret, headers, body, Math.floor(Date.now() / 1000));
      const answered = receiver.script.shift() ?? 200;
      receiver.calls.push({ ...headers, body, json: JSON.parse(body), verified, answered, at: Date.now() });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
