import type { Actor, SnapshotFrom } from 'xstate';
import type { Logger } from 'pino';
import type postgres from 'postgres';
import { showMachine, nextDeadline, seatMap, stateString, summarize } from '../show/index.js';
import type { ShowEvent, ShowOutcome } from '../show/types.js';
import { appendEventsQuery, FencedError, saveSnapshotQuery, writeFenced, type FenceUpdate } from './journal-store.js';
import { planReadModels, writeReadModels, type AppliedCommand } from './read-models.js';
import {
  OverloadedError,
  type Clock,
  type CommittedChange,
  type LiveShowInfo,
  type SeatMapView,
  type ShowCommand,
  type ShowSummary,
} from './types.js';

/** Thrown by a host that is closing or failed; the runtime retries on a fresh host. */
export class HostGoneError extends Error {
  constructor(readonly showId: string) {
    super(`show ${showId} is being moved or rebuilt`);
    this.name = 'HostGoneError';
  }
}

export interface HostDeps {
  sql: postgres.Sql;
  clock: Clock;
  log: Logger;
  ticketSecret: string;
  snapshotEvery: number;
  queueLimit: number;
  /** Events per write; bounds one transaction's size and the parameters of one INSERT. */
  maxBatch: number;
  onCommitted(change: CommittedChange): void;
  onBatch(info: { size: number; ms: number }): void;
  onGone(host: ShowHost): void;
}

interface Applied extends AppliedCommand {
  /** null for a command that changed nothing (a refusal): it is answered in order but not journaled. */
  seq: number | null;
  /** The state value after the command. */
  state: string;
}

interface Pending extends Applied {
  resolve(outcomes: ShowOutcome[]): void;
  reject(err: Error): void;
}

type ShowActor = Actor<typeof showMachine>;
type HostState = 'live' | 'draining' | 'closed' | 'failed';

/**
 * One live show: its actor, the queue of applied-but-not-yet-durable commands, and its timer.
 * Commands are applied to the actor at once (so the next command sees their effect) but their
 * callers are answered only after the batch that carries them commits: the output gate. While one
 * batch is being written the next one gathers (group commit).
 */
export class ShowHost {
  private state: HostState = 'live';
  private pending: Pending[] = [];
  private writing = false;
  private collected: ShowOutcome[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt: number | null = null;
  private idleWaiters: (() => void)[] = [];
  private closedWaiters: (() => void)[] = [];
  private lastNow: number;
  lastUsedAt: number;

  constructor(
    readonly showId: string,
    private readonly actor: ShowActor,
    readonly epoch: number,
    private nextSeq: number,
    private lastSnapshotSeq: number,
    private readonly currency: string,
    private readonly deps: HostDeps,
  ) {
    this.lastNow = deps.clock.now();
    this.lastUsedAt = this.lastNow;
    actor.on('*', (outcome) => this.collected.push(outcome as ShowOutcome));
    // Without an error observer XState rethrows a machine error asynchronously, which would take the
    // whole process down; apply() notices the failed status and drops just this show.
    actor.subscribe({ error: (err) => deps.log.error({ err, showId }, 'show machine failed') });
    this.rearm();
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  get queueLength(): number {
    return this.pending.length;
  }

  /** Applies a command now; resolves with its outcomes once they are durable. */
  submit(command: ShowCommand): Promise<ShowOutcome[]> {
    if (this.state !== 'live') return Promise.reject(new HostGoneError(this.showId));
    if (this.pending.length >= this.deps.queueLimit) {
      return Promise.reject(new OverloadedError(`show ${this.showId} has too many requests in flight`));
    }
    // Time in the journal never runs backwards, whatever the wall clock does.
    const now = Math.max(this.deps.clock.now(), this.lastNow);
    this.lastNow = now;
    this.lastUsedAt = now;
    // The machine applies what fell due before `now` as part of the command (a hold past its deadline
    // expires, sales close), with those outcomes among the command's: they reach the read models and
    // the outbox in the command's batch, and replaying the command repeats them.
    const applied = this.apply({ ...command, now } as ShowEvent);
    if (applied instanceof Error) return Promise.reject(applied);
    return new Promise<ShowOutcome[]>((resolve, reject) => this.enqueue(applied, resolve, reject));
  }

  /** Applies one event to the actor; an Error when the machine failed (the host is then gone). */
  private apply(event: ShowEvent): Applied | Error {
    const before = this.actor.getSnapshot();
    this.collected = [];
    this.actor.send(event);
    const outcomes = this.collected;
    this.collected = [];
    const after = this.actor.getSnapshot();
    if (after.status !== 'active') {
      // The machine threw: this command never reaches the journal, and the state built on it is
      // discarded with the actor, so the show comes back from what was durable.
      const err = new Error(`show ${this.showId}: the machine failed on ${event.type}`);
      this.fail(err);
      return new OverloadedError(err.message);
    }
    // A refusal leaves the state as it was, so replay does not need it: during an on-sale rush most
    // commands are refusals, and keeping them out of the journal keeps the commits small. It is
    // still answered only after the commands before it are durable, since it was decided on them.
    const state = stateString(after.value);
    const changed = after.context !== before.context || state !== stateString(before.value);
    return { seq: changed ? this.nextSeq++ : null, state, event, outcomes };
  }

  private enqueue(applied: Applied, resolve: (outcomes: ShowOutcome[]) => void, reject: (err: Error) => void): void {
    this.pending.push({ ...applied, resolve, reject });
    if (!this.writing) {
      this.writing = true;
      // Let every request already read in this turn of the event loop join the first batch.
      setImmediate(() => void this.writeLoop());
    }
  }

  summary(): ShowSummary {
    const snap = this.actor.getSnapshot();
    return summarize(snap.context, stateString(snap.value));
  }

  seatMap(): SeatMapView {
    return seatMap(this.actor.getSnapshot().context);
  }

  /** The actor's persisted snapshot (for the inspector and tests). */
  persistedSnapshot(): unknown {
    return this.actor.getPersistedSnapshot();
  }

  /**
   * Stops taking commands, lets the writes in flight finish, saves a snapshot and stops the actor.
   * Used for passivation and shutdown; a command arriving meanwhile goes to a fresh host.
   */
  async drain(): Promise<void> {
    if (this.state !== 'live') return;
    this.state = 'draining';
    await this.whenIdle();
    if (this.state !== 'draining') return;
    try {
      const lastSeq = this.nextSeq - 1;
      if (lastSeq > this.lastSnapshotSeq) {
        const snap = this.actor.getSnapshot();
        const json = JSON.stringify(this.actor.getPersistedSnapshot());
        const fence = fenceFacts(lastSeq, snap);
        await writeFenced(this.deps.sql, this.showId, this.epoch, fence, (tx) => [
          saveSnapshotQuery(tx, this.showId, { seq: lastSeq, machineId: showMachine.id, json }),
        ]);
        this.lastSnapshotSeq = lastSeq;
      }
    } catch (err) {
      this.deps.log.warn(
        { err, showId: this.showId },
        'snapshot on passivation failed; the journal still has everything',
      );
    }
    this.close('closed');
  }

  private async writeLoop(): Promise<void> {
    while (this.pending.length > 0 && (this.state === 'live' || this.state === 'draining')) {
      const batch = this.pending.splice(0, this.deps.maxBatch);
      const started = performance.now();
      try {
        await this.writeBatch(batch);
        this.deps.onBatch({ size: batch.length, ms: performance.now() - started });
      } catch (err) {
        this.fail(err as Error, batch);
        return;
      }
      for (const p of batch) p.resolve(p.outcomes);
      this.publish(batch);
    }
    this.writing = false;
    this.rearm();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async writeBatch(all: Pending[]): Promise<void> {
    const batch = all.filter((p): p is Pending & { seq: number } => p.seq !== null);
    if (batch.length === 0) return;
    const snap = this.actor.getSnapshot();
    const lastSeq = batch[batch.length - 1]!.seq;
    // The live snapshot equals the journal at lastSeq only if nothing is queued behind the batch.
    const snapshotDue = this.pending.length === 0 && lastSeq - this.lastSnapshotSeq >= this.deps.snapshotEvery;
    const persisted = snapshotDue ? JSON.stringify(this.actor.getPersistedSnapshot()) : null;
    const summary = summarize(snap.context, stateString(snap.value));
    const plan = planReadModels({ showId: this.showId, ticketSecret: this.deps.ticketSecret, applied: batch });
    const fence = fenceFacts(lastSeq, snap);
    await writeFenced(this.deps.sql, this.showId, this.epoch, fence, (tx) => [
      appendEventsQuery(tx, this.showId, this.epoch, batch),
      ...writeReadModels(tx, { showId: this.showId, currency: this.currency, plan, summary }),
      ...(persisted
        ? [saveSnapshotQuery(tx, this.showId, { seq: lastSeq, machineId: showMachine.id, json: persisted })]
        : []),
    ]);
    if (persisted) this.lastSnapshotSeq = lastSeq;
  }

  private publish(batch: Pending[]): void {
    const outcomes = batch.flatMap((p) => p.outcomes);
    if (outcomes.length === 0) return;
    this.deps.onCommitted({
      showId: this.showId,
      seq: this.nextSeq - 1,
      outcomes,
      summary: this.summary(),
      steps: batch.map((p) => ({ seq: p.seq, event: p.event, state: p.state, outcomes: p.outcomes })),
    });
  }

  describe(): LiveShowInfo {
    return {
      showId: this.showId,
      epoch: this.epoch,
      lastSeq: this.nextSeq - 1,
      queueLength: this.pending.length,
      summary: this.summary(),
    };
  }

  /** One timer per show, for its earliest deadline; TICK expires what is due. */
  private rearm(): void {
    if (this.state !== 'live') return;
    const snap = this.actor.getSnapshot();
    const at = nextDeadline(snap.context, snap.value);
    if (at === this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at;
    if (at === null) return;
    // setTimeout holds at most ~24.8 days; a later deadline is re-armed when this one fires.
    const delay = Math.min(Math.max(at - this.deps.clock.now(), 0) + 1, 2 ** 31 - 1);
    this.timer = setTimeout(() => this.fireTimer(), delay);
    this.timer.unref();
  }

  private fireTimer(): void {
    this.timer = null;
    this.timerAt = null;
    if (this.state !== 'live') return;
    this.submit({ type: 'TICK' }).then(
      () => this.rearm(),
      (err: Error) => {
        if (!(err instanceof HostGoneError)) this.deps.log.warn({ err, showId: this.showId }, 'tick failed');
      },
    );
  }

  /** Resolves once the host has stopped (drained or failed). */
  whenClosed(): Promise<void> {
    if (this.state === 'closed' || this.state === 'failed') return Promise.resolve();
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  private whenIdle(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A failed write discards the actor: its memory holds decisions that never became durable.
   * Everyone waiting gets a retryable error and the next request rebuilds the show from the database.
   */
  private fail(err: Error, batch: Pending[] = []): void {
    if (err instanceof FencedError) this.deps.log.warn({ showId: this.showId, epoch: this.epoch }, err.message);
    else this.deps.log.error({ err, showId: this.showId }, 'show write failed; dropping the actor');
    const waiting = [...batch, ...this.pending.splice(0)];
    this.close('failed');
    const retry = new OverloadedError(`show ${this.showId} could not be saved; retry`);
    for (const p of waiting) p.reject(retry);
  }

  private close(state: 'closed' | 'failed'): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.state = state;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.actor.stop();
    this.writing = false;
    for (const w of this.idleWaiters.splice(0)) w();
    for (const w of this.closedWaiters.splice(0)) w();
    this.deps.onGone(this);
  }
}

/** What the owner row records with every write, so a stopped show can be woken and reconciled. */
export function fenceFacts(lastSeq: number, snap: SnapshotFrom<typeof showMachine>): FenceUpdate {
  let paying = false;
  for (const id in snap.context.holds) {
    if (snap.context.holds[id]!.status === 'paying') {
      paying = true;
      break;
    }
  }
  return { lastSeq, nextDeadlineAt: nextDeadline(snap.context, snap.value), hasPayingHolds: paying };
}
