import type { Logger } from 'pino';
import type { Clock, ShowRuntime } from '../actors/runtime/types.js';
import type { Db } from '../db/client.js';
import type { PaymentGateway } from './gateway.js';

export type CheckoutLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface CheckoutDeps {
  db: Db;
  runtime: ShowRuntime;
  gateway: PaymentGateway;
  clock: Clock;
  log: CheckoutLog;
  /** Declined payments a hold survives: the last one ends it (default 3). */
  maxDeclinesPerHold?: number;
}
