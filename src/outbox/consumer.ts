import type { Executor } from '../db/client.js';
import type { OutboxRow } from '../db/schema/index.js';

/**
 * Something that reacts to an outbox fact inside the database (a notification row, a loyalty
 * entry). It runs in the transaction that marks the fact dispatched, so what it writes happens
 * exactly once: if the transaction fails, the fact stays pending and is offered again.
 */
export interface OutboxConsumer {
  readonly name: string;
  consume(tx: Executor, event: OutboxRow): Promise<void>;
}
