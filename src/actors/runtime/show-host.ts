import type { Logger } from 'pino';
import { decide, describeHold, nextDeadline, seatMap, showMachine, summarize, type ShowState } from '../show/index.js';
import type { ShowEvent, ShowOutcome } from '../show/types.js';
import { persistedSnapshotOf } from './journal-replay.js';
import { ShowProjector } from './show-projector.js';
import { FencedError, type FenceFacts, type JournalRecord, type ShowStorage, type SnapshotToSave } from './storage.js';
import {
  OverloadedError,
  type Clock,
  type CommittedChange,
  type LiveHold,
  type LiveHoldStatus,
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
  storage: ShowStorage;
  clock: Clock;
  log: Logger;
  snapshotEvery: number;
  queueLimit: number;
  /** Commands per batch; bounds one statement's size. */
  maxBatch: number;
  /** Batches sent and not yet answered; the next one gathers meanwhile. */
  maxInFlight: number;
  /** Least time between two projections of the read models (ShowProjector). */
  projectionPaceMs: number;
  onCommitted(change: CommittedChange): void;
  onBatch(info: { size: number; ms: number; pipelined: boolean }): void;
  onGone(host: ShowHost): void;
}

/** Where a show starts from when its host is created. */
export interface HostStart {
  showId: string;
  state: ShowState;
  epoch: number;
  currency: string;
  lastSeq: number;
  lastSnapshotSeq: number;
  projectedSeq: number;
  /** Journal entries after projectedSeq that the read models have not followed yet. */
  unprojected: JournalRecord[];
}

interface Pending {
  event: ShowEvent;
  outcomes: ShowOutcome[];
  /** null for a refusal: it changed nothing, so it is answered in order but not journaled. */
  record: JournalRecord | null;
  /** The show after the command. */
  after: ShowState;
  resolve(outcomes: ShowOutcome[]): void;
  reject(err: Error): void;
}

type HostState = 'live' | 'draining' | 'closed' | 'failed';

/**
 * One live show: its state, the commands applied but not yet durable, and its timer.
 *
 * A command is decided at once (so the next command sees its effect), but its caller is answered
 * only after the batch that carries it commits: the output gate. Batches are sent without waiting
 * for the one before (up to maxInFlight), on one connection so PostgreSQL applies them in order,
 * and each is answered after every batch before it: a failed batch fails all behind it, and the
 * show is rebuilt from what was durable. Readers (summary, seat map, subscribers, the inspector)
 * see the state of the last committed batch only.
 */
export class ShowHost {
  readonly showId: string;
  readonly epoch: number;
  private readonly currency: string;
  private state: HostState = 'live';
  /** Every decision taken, committed or not. */
  private live: ShowState;
  /** The state after the last committed batch: what readers see. */
  private committed: ShowState;
  private committedSeq: number;
  private nextSeq: number;
  private lastSentSeq: number;
  private lastSnapshotSeq: number;
  private pending: Pending[] = [];
  private inFlight = 0;
  /** Settles when every batch sent so far has been answered. */
  private tail: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private readonly projector: ShowProjector;
  private timer: NodeJS.Timeout | null = null;
  private timerAt: number | null = null;
  private idleWaiters: (() => void)[] = [];
  private closedWaiters: (() => void)[] = [];
  private lastNow: number;
  lastUsedAt: number;

  constructor(
    start: HostStart,
    private readonly deps: HostDeps,
  ) {
    this.showId = start.showId;
    this.epoch = start.epoch;
    this.currency = start.currency;
    this.live = start.state;
    this.committed = start.state;
    this.committedSeq = start.lastSeq;
    this.nextSeq = start.lastSeq + 1;
    this.lastSentSeq = start.lastSeq;
    this.lastSnapshotSeq = start.lastSnapshotSeq;
    this.lastNow = deps.clock.now();
    this.lastUsedAt = this.lastNow;
    this.projector = new ShowProjector({
      showId: start.showId,
      currency: start.currency,
      projectedSeq: start.projectedSeq,
      storage: deps.storage,
      log: deps.log,
      isLive: () => this.state === 'live' || this.state === 'draining',
      paceMs: deps.projectionPaceMs,
    });
    this.projector.follow(start.unprojected);
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
    // The rules apply what fell due before `now` as part of the command (a hold past its deadline
    // expires, sales close), with those decisions among the command's.
    // Object.assign, not `{ ...command, now }`: on Node 20's V8 a property added after a spread makes
    // a new hidden class on every call (about 2 µs per command, measured).
    const event = Object.assign({}, command, { now }) as ShowEvent;
    let decided;
    try {
      decided = decide(this.live, event);
    } catch (cause) {
      // The rules threw: this command never reaches the journal, and the state built on it is
      // discarded with the host, so the show comes back from what was durable.
      const err = new Error(`show ${this.showId}: the rules failed on ${event.type}`, { cause });
      this.deps.log.error({ err, showId: this.showId }, 'show rules failed');
      this.fail(err);
      return Promise.reject(new OverloadedError(err.message));
    }
    this.live = decided.state;
    const record = decided.changed
      ? { seq: this.nextSeq++, event, decisions: decided.decisions, state: decided.state.value }
      : null;
    return new Promise<ShowOutcome[]>((resolve, reject) => {
      this.pending.push({ event, outcomes: decided.outcomes, record, after: decided.state, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Let every request already read in this turn of the event loop join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < this.deps.maxInFlight && this.isWriting()) {
      this.send(this.pending.splice(0, this.deps.maxBatch));
    }
  }

  private isWriting(): boolean {
    return this.state === 'live' || this.state === 'draining';
  }

  private send(batch: Pending[]): void {
    const entries: JournalRecord[] = [];
    for (const p of batch) if (p.record) entries.push(p.record);
    const prevSeq = this.lastSentSeq;
    const lastSeq = entries.length > 0 ? entries[entries.length - 1]!.seq : prevSeq;
    const after = batch[batch.length - 1]!.after;
    const everything = this.pending.length === 0;
    let write: Promise<void> | null = null;
    const started = performance.now();
    if (entries.length > 0) {
      // The live state equals the journal at lastSeq only if nothing is queued behind the batch.
      const snapshot =
        everything && lastSeq - this.lastSnapshotSeq >= this.deps.snapshotEvery ? this.snapshotAt(lastSeq) : null;
      if (snapshot) this.lastSnapshotSeq = lastSeq;
      write = this.deps.storage.commit({
        showId: this.showId,
        epoch: this.epoch,
        currency: this.currency,
        prevSeq,
        entries,
        fence: fenceFacts(lastSeq, after),
        summary: summarize(after.context, after.value),
        snapshot,
      });
      // Its failure is reported through the tail below; this only keeps it from going unobserved.
      write.catch(() => {});
      this.lastSentSeq = lastSeq;
    }
    const pipelined = this.inFlight > 0;
    this.inFlight++;
    const before = this.tail;
    this.tail = before.then(() => write ?? undefined);
    this.tail.then(
      () => {
        this.inFlight--;
        // Durable, so answered even if the host failed meanwhile (the rules threw on a later command).
        for (const p of batch) p.resolve(p.outcomes);
        if (!this.isWriting()) return;
        if (entries.length > 0) this.deps.onBatch({ size: batch.length, ms: performance.now() - started, pipelined });
        this.committed = after;
        this.committedSeq = lastSeq;
        this.publish(batch, lastSeq);
        this.projector.follow(entries);
        this.flush();
        this.afterWrites();
      },
      (err: Error) => {
        this.inFlight--;
        this.fail(err, batch);
      },
    );
  }

  private afterWrites(): void {
    if (this.inFlight > 0 || this.pending.length > 0) return;
    this.rearm();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private snapshotAt(seq: number): SnapshotToSave {
    return { seq, machineId: showMachine.id, json: JSON.stringify(persistedSnapshotOf(this.live)) };
  }

  summary(): ShowSummary {
    return summarize(this.committed.context, this.committed.value);
  }

  seatMap(): SeatMapView {
    return seatMap(this.committed.context);
  }

  /** The committed state as an XState persisted snapshot (for the inspector and tests). */
  persistedSnapshot(): unknown {
    return persistedSnapshotOf(this.committed);
  }

  /**
   * A live hold as the show knows it. The holds record is shared by the committed and the live
   * state (updated in place), so this may show a change still being committed: callers act on it
   * only through commands, which the show decides again.
   */
  liveHold(holdId: string): LiveHold | null {
    const view = describeHold(this.live.context, holdId);
    return view ? Object.assign(view, { showId: this.showId, currency: this.currency }) : null;
  }

  /** liveHold's owner and status alone: nothing is copied or named. */
  liveHoldStatus(holdId: string): LiveHoldStatus | null {
    const holds = this.live.context.holds;
    const hold = Object.hasOwn(holds, holdId) ? holds[holdId] : undefined;
    return hold ? { userId: hold.userId, status: hold.status } : null;
  }

  /** Resolves once the read models (holds, waitlist entries) have followed every committed decision. */
  whenProjected(): Promise<void> {
    return this.projector.reached(this.committedSeq);
  }

  /**
   * Stops taking commands, lets the writes in flight finish, saves a snapshot and stops.
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
        await this.deps.storage.saveSnapshot(
          this.showId,
          this.epoch,
          fenceFacts(lastSeq, this.live),
          this.snapshotAt(lastSeq),
        );
        this.lastSnapshotSeq = lastSeq;
      }
    } catch (err) {
      this.deps.log.warn(
        { err, showId: this.showId },
        'snapshot on passivation failed; the journal still has everything',
      );
    }
    // A projection still failing is finished by the show's next owner, which projects from the checkpoint.
    await this.projector.settle(5_000);
    this.close('closed');
  }

  private publish(batch: Pending[], seq: number): void {
    const outcomes = batch.flatMap((p) => p.outcomes);
    if (outcomes.length === 0) return;
    this.deps.onCommitted({
      showId: this.showId,
      seq,
      outcomes,
      summary: this.summary(),
      steps: batch.map((p) => ({
        seq: p.record?.seq ?? null,
        event: p.event,
        state: p.after.value,
        outcomes: p.outcomes,
      })),
    });
  }

  describe(): LiveShowInfo {
    return {
      showId: this.showId,
      epoch: this.epoch,
      lastSeq: this.committedSeq,
      queueLength: this.pending.length,
      summary: this.summary(),
    };
  }

  /** One timer per show, for its earliest deadline; TICK expires what is due. */
  private rearm(): void {
    if (this.state !== 'live') return;
    const at = nextDeadline(this.live.context, this.live.value);
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
    if (this.inFlight === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A failed write discards the host: its memory holds decisions that never became durable.
   * Everyone waiting gets a retryable error and the next request rebuilds the show from the database.
   */
  private fail(err: Error, batch: Pending[] = []): void {
    const retry = new OverloadedError(`show ${this.showId} could not be saved; retry`);
    for (const p of batch) p.reject(retry);
    if (this.state === 'closed' || this.state === 'failed') return;
    if (err instanceof FencedError) this.deps.log.warn({ showId: this.showId, epoch: this.epoch }, err.message);
    else this.deps.log.error({ err, showId: this.showId }, 'show write failed; dropping the actor');
    const waiting = this.pending.splice(0);
    this.close('failed');
    for (const p of waiting) p.reject(retry);
  }

  private close(state: 'closed' | 'failed'): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.state = state;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.projector.stop();
    for (const w of this.idleWaiters.splice(0)) w();
    for (const w of this.closedWaiters.splice(0)) w();
    this.deps.onGone(this);
  }
}

/** What the owner row records with every write, so a stopped show can be woken and reconciled. */
export function fenceFacts(lastSeq: number, state: ShowState): FenceFacts {
  let paying = false;
  for (const id in state.context.holds) {
    if (state.context.holds[id]!.status === 'paying') {
      paying = true;
      break;
    }
  }
  return { lastSeq, nextDeadlineAt: nextDeadline(state.context, state.value), hasPayingHolds: paying };
}
