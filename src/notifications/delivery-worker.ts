import { inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { webhooks, type DeliveryRow } from '../db/schema/index.js';
import { createLoop, type Loop } from '../outbox/loop.js';
import { backoffMs } from './backoff.js';
import type { EmailPayload, SendResult, WebhookPayload } from './delivery-types.js';
import type { Mailer } from './email/mailer.js';
import { sendWebhook } from './webhooks/sender.js';

/** A claimed delivery: what sending and recording need. */
type Claimed = Pick<DeliveryRow, 'id' | 'channel' | 'target' | 'payload' | 'attempts'>;

type Endpoint = { url: string; secret: string; active: boolean };

export interface DeliveryWorker extends Loop {
  /** Sends every delivery that is due now, batch by batch; returns how many attempts were made. */
  runOnce(): Promise<number>;
}

export interface DeliveryWorkerDeps {
  db: Db;
  log: Logger;
  mailer: Mailer;
  pollMs: number;
  maxAttempts: number;
  now?: () => number;
  /** First retry delay; doubles per failed attempt up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  batchSize?: number;
  /** How long a claimed delivery is reserved for its worker: longer than any send may take. */
  leaseMs?: number;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may call loopback and private addresses (local development). */
  allowPrivateWebhooks?: boolean;
}

/**
 * Sends planned deliveries. A delivery is claimed by pushing its `next_attempt_at` past a lease
 * (SKIP LOCKED, so two workers never claim the same one), and `attempts` counts claims: the outcome
 * is recorded only if `attempts` is still the claimed value, so a worker that overran its lease
 * cannot overwrite the attempt that replaced it. A process that dies after sending and before
 * recording leaves the delivery to be sent again when the lease runs out: at least once, with the
 * same webhook-id and Message-ID each time so a receiver can drop the repeat. The local mailbox
 * drops it itself.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { db, log, mailer } = deps;
  const now = deps.now ?? Date.now;
  const batchSize = deps.batchSize ?? 20;
  const leaseSeconds = (deps.leaseMs ?? 60_000) / 1000;
  const retry = { baseMs: deps.retryBaseMs ?? 2000, maxMs: deps.retryMaxMs ?? 3_600_000 };

  async function claim(): Promise<Claimed[]> {
    return db.execute<Claimed>(sql`update deliveries d
      set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
      from (select id from deliveries where status = 'pending' and next_attempt_at <= now()
            order by next_attempt_at limit ${batchSize} for update skip locked) c
      where d.id = c.id
      returning d.id, d.channel, d.target, d.payload, d.attempts`);
  }

  /** The endpoints a claimed batch calls, read once: an on-sale queues many calls to few webhooks. */
  async function endpoints(claimed: Claimed[]): Promise<Map<string, Endpoint>> {
    const ids = [...new Set(claimed.filter((d) => d.channel === 'webhook').map((d) => d.target))];
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret, active: webhooks.active })
      .from(webhooks)
      .where(inArray(webhooks.id, ids));
    return new Map(rows.map(({ id, ...hook }) => [id, hook]));
  }

  async function send(d: Claimed, hooks: Map<string, Endpoint>): Promise<SendResult> {
    if (d.channel === 'email') return mailer.send(d.id, d.payload as unknown as EmailPayload);
    const hook = hooks.get(d.target);
    if (!hook?.active) return { ok: false, error: 'webhook removed', permanent: true };
    return sendWebhook(hook, d.id, d.payload as unknown as WebhookPayload, now(), {
      allowPrivate: deps.allowPrivateWebhooks ?? false,
    });
  }

  async function record(d: Claimed, result: SendResult): Promise<void> {
    if (result.ok) {
      await db.execute(sql`update deliveries set status = 'sent', sent_at = now(), last_error = null
        where id = ${d.id} and attempts = ${d.attempts} and status = 'pending'`);
      return;
    }
    const giveUp = result.permanent || d.attempts >= deps.maxAttempts;
    const delaySeconds = backoffMs(d.attempts, retry) / 1000;
    await db.execute(sql`update deliveries set last_error = ${result.error.slice(0, 1000)},
        status = ${giveUp ? 'failed' : 'pending'},
        next_attempt_at = now() + make_interval(secs => ${giveUp ? 0 : delaySeconds})
      where id = ${d.id} and attempts = ${d.attempts} and status = 'pending'`);
    const fields = {
      deliveryId: d.id,
      channel: d.channel,
      target: d.target,
      attempts: d.attempts,
      error: result.error,
      detail: result.detail,
    };
    if (giveUp) log.error(fields, 'delivery failed for good');
    else log.warn({ ...fields, retryInSeconds: delaySeconds }, 'delivery failed; retrying later');
  }

  async function runBatch(): Promise<number> {
    const claimed = await claim();
    if (claimed.length === 0) return 0;
    const hooks = await endpoints(claimed);
    // Each outcome is recorded as soon as it is known, so a crash leaves as few sent-but-unrecorded
    // messages (sent again after the lease) as possible.
    await Promise.all(
      claimed.map(async (d) => {
        const result = await send(d, hooks).catch(
          (err: Error): SendResult => ({ ok: false, error: 'send failed', detail: err.message }),
        );
        await record(d, result);
      }),
    );
    return claimed.length;
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await runBatch();
      total += n;
      if (n < batchSize) return total;
    }
  }

  const loop = createLoop({
    name: 'deliveries',
    intervalMs: deps.pollMs,
    log,
    pass: async () => {
      await runOnce();
      return false;
    },
  });
  return { start: loop.start, stop: loop.stop, wake: loop.wake, runOnce };
}
