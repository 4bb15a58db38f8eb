import type { SendResult, WebhookPayload } from '../delivery-types.js';
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

/** POSTs one signed call; any 2xx within the timeout is delivered, anything else is retried. */
export async function sendWebhook(
  target: WebhookTarget,
  deliveryId: string,
  payload: WebhookPayload,
  nowMs: number,
): Promise<SendResult> {
  const body = webhookBody(deliveryId, payload);
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Showtime-Webhooks/1',
        ...signedHeaders(target.secret, deliveryId, Math.floor(nowMs / 1000), body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The body is not needed; draining it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `timeout after ${TIMEOUT_MS} ms` : e.message };
  }
}
