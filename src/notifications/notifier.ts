import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import { createOutboxDispatcher, type OutboxDispatcher } from '../outbox/dispatcher.js';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.js';
import { createMailer } from './email/mailer.js';
import { createHoldExpirySweeper, type HoldExpirySweeper } from './hold-expiry-sweeper.js';

/** The outbox's moving parts on one node: dispatcher, delivery worker and hold-expiry sweeper. */
export interface Notifier {
  dispatcher: OutboxDispatcher;
  deliveries: DeliveryWorker;
  holdExpiry: HoldExpirySweeper;
  start(): void;
  /** Something was committed to the outbox in this process: dispatch it now. */
  wake(): void;
  stop(): Promise<void>;
}

export type NotifierSettings = Pick<
  Env,
  | 'SMTP_URL'
  | 'MAIL_FROM'
  | 'MAILBOX_DIR'
  | 'DATA_DIR'
  | 'OUTBOX_POLL_MS'
  | 'OUTBOX_DISPATCH'
  | 'HOLD_EXPIRY_WARNING_SECONDS'
  | 'HOLD_GRACE_SECONDS'
  | 'WEBHOOK_MAX_ATTEMPTS'
  | 'WEBHOOK_ALLOW_PRIVATE'
>;

export function createNotifier(deps: {
  db: Db;
  log: Logger;
  env: NotifierSettings;
  /** Run on every outbox fact inside its dispatch transaction, in this order. */
  consumers: readonly OutboxConsumer[];
  /** Tests shorten the retry delays and the sweep interval. */
  retryBaseMs?: number;
  sweepMs?: number;
}): Notifier {
  const { db, env } = deps;
  const log = deps.log.child({ component: 'notifications' });
  const mailer = createMailer({
    from: env.MAIL_FROM,
    smtpUrl: env.SMTP_URL,
    mailboxDir: env.MAILBOX_DIR ?? join(env.DATA_DIR, 'mailbox'),
  });
  const deliveries = createDeliveryWorker({
    db,
    log,
    mailer,
    pollMs: Math.max(env.OUTBOX_POLL_MS, 1000),
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: deps.retryBaseMs,
    allowPrivateWebhooks: env.WEBHOOK_ALLOW_PRIVATE === 'on',
  });
  const dispatcher = createOutboxDispatcher({
    db,
    log,
    consumers: deps.consumers,
    pollMs: env.OUTBOX_POLL_MS,
    afterDispatch: () => deliveries.wake(),
  });
  const holdExpiry = createHoldExpirySweeper({
    db,
    log,
    warningSeconds: env.HOLD_EXPIRY_WARNING_SECONDS,
    graceSeconds: env.HOLD_GRACE_SECONDS,
    intervalMs: deps.sweepMs,
    afterInsert: () => dispatcher.wake(),
  });
  // OUTBOX_DISPATCH=off: this node still records facts, others deliver them.
  const enabled = env.OUTBOX_DISPATCH === 'on';
  return {
    dispatcher,
    deliveries,
    holdExpiry,
    start() {
      if (!enabled) return;
      dispatcher.start();
      deliveries.start();
      holdExpiry.start();
    },
    wake: () => dispatcher.wake(),
    async stop() {
      await Promise.all([holdExpiry.stop(), dispatcher.stop()]);
      await deliveries.stop();
      mailer.close();
    },
  };
}
