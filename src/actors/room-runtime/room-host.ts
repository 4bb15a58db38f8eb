import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { CommittedChange, Clock } from '../runtime/types.js';
import { OverloadedError } from '../runtime/types.js';
import type { AccountId, RoomEvent, RoomOutcome, RoomState, RoomSummary, TicketNo, TicketView } from '../room/types.js';
import type { RoomLogic } from './logic.js';
import { RoomFencedError, type RoomJournalEntry, type RoomStorage } from './storage.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A room event as callers send it: the host stamps `now` (and a tick's seed). */
export type RoomCommand = DistributiveOmit<Exclude<RoomEvent, { type: 'TICK' }>, 'now'>;

/** Published after a batch commits, to long polls and streams. */
export interface RoomChange {
  showId: string;
  seq: number;
  outcomes: RoomOutcome[];
}

/** Thrown by a host that is closing or failed; the runtime retries on a fresh host. */
export class RoomGoneError extends Error {
  constructor(readonly showId: string) {
    super(`the room of show ${showId} is being moved or rebuilt`);
    this.name = 'RoomGoneError';
  }
}

export interface RoomHostDeps<S> {
  logic: RoomLogic<S>;
  storage: RoomStorage;
  clock: Clock;
  log: Logger;
  /** How often a room that needs time is ticked. */
  tickMs: number;
  snapshotEvery: number;
  queueLimit: number;
  /** The show's committed changes, to end turns and follow sell-outs (same process: same owner). */
  subscribeShow(showId: string, listener: (change: CommittedChange) => void): () => void;
  onGone(host: RoomHost<S>): void;
  /** A batch became durable (the metrics count its outcomes). */
  onDurable?(entries: readonly RoomJournalEntry[]): void;
}

interface Pending {
  outcomes: RoomOutcome[];
  record: RoomJournalEntry | null;
  resolve(outcomes: RoomOutcome[]): void;
  reject(err: Error): void;
}

const TIMELESS: ReadonlySet<RoomState> = new Set(['ended']);
/** Events per write: bounds one statement's size during a rush of joins. */
const MAX_BATCH = 2000;

/**
 * One live waiting room: the machine's state, the events decided but not yet durable, its tick.
 *
 * Like the show's host, an event is decided at once and its caller answered once the batch that
 * carries it commits (the output gate); events decided while a write is in flight go in the next
 * batch. Ticks that change nothing are not journaled. The machine keeps one compact state updated
 * in place, so readers see the decided state, with one exception that matters to a client: an
 * admission is not shown (no turn, no token) until it is durable.
 */
export class RoomHost<S> {
  readonly showId: string;
  readonly epoch: number;
  private state: 'live' | 'draining' | 'closed' | 'failed' = 'live';
  private room: S;
  private committedSeq: number;
  private nextSeq: number;
  private lastSnapshotSeq: number;
  private pending: Pending[] = [];
  private writing = false;
  private flushScheduled = false;
  /** Accounts admitted by a batch not yet durable: their view still says queued. */
  private readonly undurableAdmits = new Map<AccountId, number>();
  /** Holds placed by admitted customers: their release or confirmation ends the turn. */
  private readonly turnHolds = new Map<string, AccountId>();
  private readonly listeners = new Set<(change: RoomChange) => void>();
  private readonly unsubscribeShow: () => void;
  private tickTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private lastNow: number;
  private showSoldOut: boolean | null = null;
  private on = false;
  private ticking = false;

  constructor(
    start: { showId: string; epoch: number; room: S; lastSeq: number; lastSnapshotSeq: number },
    private readonly deps: RoomHostDeps<S>,
  ) {
    this.showId = start.showId;
    this.epoch = start.epoch;
    this.room = start.room;
    this.committedSeq = start.lastSeq;
    this.nextSeq = start.lastSeq + 1;
    this.lastSnapshotSeq = start.lastSnapshotSeq;
    this.lastNow = deps.clock.now();
    this.updateOn();
    this.unsubscribeShow = deps.subscribeShow(start.showId, (change) => this.followShow(change));
    this.tickTimer = setInterval(() => this.tick(), deps.tickMs);
    this.tickTimer.unref();
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  get queueLength(): number {
    return this.pending.length;
  }

  get lastSeq(): number {
    return this.committedSeq;
  }

  roomState(): RoomState {
    return this.deps.logic.stateOf(this.room);
  }

  /** Configured and not ended: the show's holds need an admission token. Kept as a flag for the hold path. */
  get isOn(): boolean {
    return this.on;
  }

  private updateOn(): void {
    this.on = this.deps.logic.stateOf(this.room) !== 'ended' && this.deps.logic.summary(this.room, this.lastNow).settings !== null;
  }

  summary(): RoomSummary {
    return this.deps.logic.summary(this.room, this.now());
  }

  ticketOf(accountId: AccountId): TicketNo | null {
    return this.deps.logic.ticketOf(this.room, accountId, this.now());
  }

  /** The ticket's view for its own account; null when the ticket is not the account's. */
  ticketView(ticket: TicketNo, accountId: AccountId): TicketView | null {
    if (this.deps.logic.accountOf(this.room, ticket) !== accountId) return null;
    const view = this.deps.logic.ticketView(this.room, ticket, this.now());
    if (!view || view.status !== 'admitted' || !this.undurableAdmits.has(accountId)) return view;
    return { ...view, status: 'queued', position: 1, ahead: 0, turnEndsAt: null };
  }

  /** Whether the account holds a live, durable turn now: the hold endpoints' check, in memory. */
  hasLiveTurn(accountId: AccountId, ticket: TicketNo): boolean {
    if (this.undurableAdmits.has(accountId)) return false;
    return this.deps.logic.liveTurn(this.room, accountId, this.deps.clock.now())?.ticket === ticket;
  }

  /** The room's state as a JSON-ready snapshot (the inspector, tests). */
  serialize(): unknown {
    return this.deps.logic.serialize(this.room);
  }

  subscribe(listener: (change: RoomChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Decides an event now; resolves with its outcomes once they are durable. */
  submit(command: RoomCommand): Promise<RoomOutcome[]> {
    return this.decide({ ...command, now: this.now() } as RoomEvent);
  }

  private now(): number {
    // Time in the journal never runs backwards, whatever the wall clock does.
    this.lastNow = Math.max(this.deps.clock.now(), this.lastNow);
    return this.lastNow;
  }

  private decide(event: RoomEvent): Promise<RoomOutcome[]> {
    if (this.state !== 'live') return Promise.reject(new RoomGoneError(this.showId));
    if (this.pending.length >= this.deps.queueLimit) {
      return Promise.reject(new OverloadedError(`the room of show ${this.showId} has too many requests in flight`));
    }
    let decided;
    try {
      decided = this.deps.logic.apply(this.room, event);
    } catch (cause) {
      const err = new Error(`room of show ${this.showId}: the machine failed on ${event.type}`, { cause });
      this.deps.log.error({ err, showId: this.showId }, 'room machine failed');
      this.fail(err);
      return Promise.reject(new OverloadedError(err.message));
    }
    this.room = decided.state;
    if (decided.outcomes.some((o) => o.type === 'room.configured' || o.type === 'room.state')) this.updateOn();
    const record = decided.changed ? { seq: this.nextSeq++, event, outcomes: decided.outcomes } : null;
    for (const o of decided.outcomes) {
      if (o.type === 'turn.admitted') this.undurableAdmits.set(o.accountId, record?.seq ?? 0);
    }
    return new Promise<RoomOutcome[]>((resolve, reject) => {
      this.pending.push({ outcomes: decided.outcomes, record, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing) return;
    this.flushScheduled = true;
    // Let every request already read in this turn of the event loop join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Sends what is decided so far (up to MAX_BATCH) as one batch; what is decided meanwhile waits for the next. */
  private flush(): void {
    if (this.writing || this.pending.length === 0 || !(this.state === 'live' || this.state === 'draining')) return;
    const batch = this.pending.splice(0, MAX_BATCH);
    const entries: RoomJournalEntry[] = [];
    for (const p of batch) if (p.record) entries.push(p.record);
    if (entries.length === 0) {
      // Refusals and ticks that changed nothing: decided on durable state, answered at once.
      for (const p of batch) p.resolve(p.outcomes);
      this.afterWrites();
      return;
    }
    const lastSeq = entries[entries.length - 1]!.seq;
    // Only when everything decided is in this batch is the live state the journal at lastSeq.
    const snapshot =
      this.pending.length === 0 && lastSeq - this.lastSnapshotSeq >= this.deps.snapshotEvery
        ? { seq: lastSeq, json: JSON.stringify(this.deps.logic.serialize(this.room)) }
        : null;
    const roomState = this.roomState();
    this.writing = true;
    this.deps.storage
      .commit({
        showId: this.showId,
        epoch: this.epoch,
        prevSeq: this.committedSeq,
        entries,
        state: roomState,
        live: this.isOn,
        snapshot,
      })
      .then(
        () => {
          this.writing = false;
          if (snapshot) this.lastSnapshotSeq = snapshot.seq;
          this.committedSeq = lastSeq;
          this.deps.onDurable?.(entries);
          for (const [account, seq] of this.undurableAdmits) if (seq <= lastSeq) this.undurableAdmits.delete(account);
          for (const p of batch) p.resolve(p.outcomes);
          this.publish(batch, lastSeq);
          this.flush();
          this.afterWrites();
        },
        (err: Error) => {
          this.writing = false;
          this.fail(err, batch);
        },
      );
  }

  private publish(batch: Pending[], seq: number): void {
    const outcomes = batch.flatMap((p) => p.outcomes);
    if (outcomes.length === 0) return;
    const change = { showId: this.showId, seq, outcomes };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.deps.log.warn({ err, showId: this.showId }, 'room listener failed');
      }
    }
  }

  private afterWrites(): void {
    if (this.writing || this.pending.length > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Time passes for the room even while writes are in flight (a rush of joins keeps one in flight
   * nearly always): a tick decided meanwhile joins the next batch. One tick waits at a time.
   */
  private tick(): void {
    if (this.state !== 'live' || this.ticking || !this.on) return;
    if (TIMELESS.has(this.roomState())) return;
    this.ticking = true;
    this.decide({ type: 'TICK', now: this.now(), seed: randomInt(2 ** 31) })
      .catch((err: Error) => {
        if (!(err instanceof RoomGoneError)) this.deps.log.warn({ err, showId: this.showId }, 'room tick failed');
      })
      .finally(() => (this.ticking = false));
  }

  /** Turns end when an admitted customer's hold is confirmed or released; sell-outs reach the queue. */
  private followShow(change: CommittedChange): void {
    if (this.state !== 'live') return;
    // A sell-out first: the turn its last confirmation ends must not admit the next customer to nothing.
    this.followAvailability(change.summary.state);
    for (const o of change.outcomes) {
      switch (o.type) {
        case 'hold.placed':
          if (this.hasLiveTurnOf(o.userId)) this.turnHolds.set(o.holdId, o.userId);
          break;
        case 'booking.confirmed':
          this.endTurn(o.holdId, 'confirmed');
          break;
        case 'hold.released':
        case 'hold.expired':
          this.endTurn(o.holdId, 'released');
          break;
        case 'show.cancelled':
          this.send({ type: 'END' });
          break;
      }
    }
  }

  /** Tells the room whether the show can still sell, once per change of that answer. */
  followAvailability(showState: string): void {
    const soldOut = showState.endsWith('soldOut');
    if (soldOut === this.showSoldOut) return;
    this.showSoldOut = soldOut;
    const roomState = this.roomState();
    if (soldOut && roomState !== 'soldOut' && roomState !== 'ended') this.send({ type: 'SOLD_OUT' });
    else if (!soldOut && roomState === 'soldOut') this.send({ type: 'SEATS_BACK' });
  }

  private hasLiveTurnOf(accountId: AccountId): boolean {
    return this.deps.logic.liveTurn(this.room, accountId, this.now()) !== null;
  }

  private endTurn(holdId: string, reason: 'confirmed' | 'released'): void {
    const accountId = this.turnHolds.get(holdId);
    if (accountId === undefined) return;
    this.turnHolds.delete(holdId);
    if (this.hasLiveTurnOf(accountId)) this.send({ type: 'TURN_DONE', accountId, reason });
  }

  private send(command: RoomCommand): void {
    this.submit(command).catch((err: Error) => {
      if (!(err instanceof RoomGoneError)) this.deps.log.warn({ err, showId: this.showId }, 'room event failed');
    });
  }

  /** Stops taking events, lets the write in flight finish, saves a snapshot and stops. */
  async drain(): Promise<void> {
    if (this.state !== 'live') return;
    this.state = 'draining';
    this.stopTimers();
    await this.whenIdle();
    if (this.state !== 'draining') return;
    if (this.committedSeq > this.lastSnapshotSeq) {
      try {
        await this.deps.storage.commit({
          showId: this.showId,
          epoch: this.epoch,
          prevSeq: this.committedSeq,
          entries: [],
          state: this.roomState(),
          live: this.isOn,
          snapshot: { seq: this.committedSeq, json: JSON.stringify(this.deps.logic.serialize(this.room)) },
        });
      } catch (err) {
        this.deps.log.warn({ err, showId: this.showId }, 'room snapshot on stop failed; the journal has everything');
      }
    }
    this.close('closed');
  }

  private whenIdle(): Promise<void> {
    if (!this.writing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A failed write discards the host: its memory holds decisions that never became durable. */
  private fail(err: Error, batch: Pending[] = []): void {
    const retry = new OverloadedError(`the room of show ${this.showId} could not be saved; retry`);
    for (const p of batch) p.reject(retry);
    if (this.state === 'closed' || this.state === 'failed') return;
    if (err instanceof RoomFencedError) this.deps.log.warn({ showId: this.showId, epoch: this.epoch }, err.message);
    else this.deps.log.error({ err, showId: this.showId }, 'room write failed; dropping the room');
    const waiting = this.pending.splice(0);
    this.close('failed');
    for (const p of waiting) p.reject(retry);
  }

  private stopTimers(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  private close(state: 'closed' | 'failed'): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    this.state = state;
    this.stopTimers();
    this.unsubscribeShow();
    for (const w of this.idleWaiters.splice(0)) w();
    // Waiting polls answer with what they have; their next poll reaches the new host.
    for (const l of this.listeners) l({ showId: this.showId, seq: this.committedSeq, outcomes: [] });
    this.listeners.clear();
    this.deps.onGone(this);
  }
}
