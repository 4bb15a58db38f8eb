import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SendResult, WebhookPayload } from '../delivery-types.js';
import { AddressNotAllowedError, assertPublicLiteral, guardedLookup } from './address-policy.js';
import { signedHeaders } from './signature.js';

export interface WebhookTarget {
  url: string;
  secret: string;
}

const TIMEOUT_MS = 5000;

/** The body of a call: the delivery id, so retries of one message carry one id. */
export function webhookBody(deliveryId: string, payload: WebhookPayload): string {
  return JSON.stringify({ id: deliveryId, topic: payload.topic, createdAt: payload.createdAt, data: payload.data });
}

class TimeoutError extends Error {}

/**
 * POSTs one signed call; any 2xx within the timeout is delivered, anything else is retried. Unless
 * `allowPrivate`, the call goes only to a public address, checked when the name is resolved for
 * this very connection. The error recorded for admins says what kind of failure it was and no more
 * (an address, a resolver or TLS message would tell them about the network the server runs in);
 * `detail` is for the server's log.
 */
export async function sendWebhook(
  target: WebhookTarget,
  deliveryId: string,
  payload: WebhookPayload,
  nowMs: number,
  opts: { allowPrivate: boolean },
): Promise<SendResult> {
  const body = webhookBody(deliveryId, payload);
  try {
    const url = new URL(target.url);
    if (!opts.allowPrivate) assertPublicLiteral(url);
    const status = await post(
      url,
      body,
      {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Showtime-Webhooks/1',
        ...signedHeaders(target.secret, deliveryId, Math.floor(nowMs / 1000), body),
      },
      opts.allowPrivate,
    );
    if (status >= 200 && status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${status}` };
  } catch (err) {
    const detail = (err as Error).message;
    if (err instanceof AddressNotAllowedError) return { ok: false, error: 'address not allowed', detail };
    if (err instanceof TimeoutError) return { ok: false, error: `timeout after ${TIMEOUT_MS} ms`, detail };
    return { ok: false, error: 'connection failed', detail };
  }
}

/** One POST without following redirects (a redirect is a non-2xx answer); resolves to the status. */
function post(url: URL, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      url,
      { method: 'POST', headers, lookup: allowPrivate ? undefined : guardedLookup, agent: false },
      (res: IncomingMessage) => {
        // The body is not needed; draining it lets the socket close cleanly.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    // The whole call, not each socket read: a receiver trickling its answer still times out.
    const timer = setTimeout(() => req.destroy(new TimeoutError('timed out')), TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}
