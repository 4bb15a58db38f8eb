import type { Executor } from '../db/client.js';
import type { OutboxRow } from '../db/schema/index.js';

/**
 * Something that reacts to outbox facts inside the database (a notification row, a loyalty entry).
 * It runs in the transaction that marks the facts dispatched, so what it writes happens exactly
 * once: if the transaction fails, the facts stay pending and are offered again.
 */
export interface OutboxConsumer {
  readonly name: string;
  consume(tx: Executor, event: OutboxRow): Promise<void>;
  /**
   * The same for a claimed batch, oldest fact first, with set-based statements. Must leave the
   * database as `consume` called on each fact in turn would. Without it the dispatcher calls
   * `consume` per fact.
   */
  consumeBatch?(tx: Executor, events: readonly OutboxRow[]): Promise<void>;
}
