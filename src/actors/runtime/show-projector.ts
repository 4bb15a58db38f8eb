import type { Logger } from 'pino';
import { ProjectionConflictError, type JournalRecord, type ShowStorage } from './storage.js';

export interface ProjectorDeps {
  showId: string;
  currency: string;
  projectedSeq: number;
  storage: ShowStorage;
  log: Logger;
  isLive(): boolean;
  /**
   * Least time between the starts of two projections of the show; 0 projects after every commit.
   * A reader waiting for the read models (`reached`) does not wait for it.
   */
  paceMs: number;
}

const RETRY_MS = 500;

/**
 * Keeps a show's asynchronous read models (holds and waitlist entries) following its
 * journal, off the commit path: a hot show's holds and releases are folded per projection, so a hold
 * placed and released between two projections costs one row instead of an insert and an update. The
 * checkpoint moves in the same transaction as the rows; after a conflict or a failed write the
 * projector starts again from the database's checkpoint and the journal.
 *
 * Paced: a projection starts at once when the show has been quiet for `paceMs`, and otherwise when
 * that long has passed since the last one started, so a hot show projects a few times a second
 * whatever its commit rate, and a hold placed and released within the pace is written once. The read
 * models thus lag the journal by at most `paceMs` plus one projection's write. Whoever must read its
 * own write waits in `reached`, which projects at once instead of waiting out the pace.
 */
export class ShowProjector {
  private projectedSeq: number;
  private queue: JournalRecord[] = [];
  private running = false;
  private resync = false;
  private stopped = false;
  private waiters: { seq: number; resolve: () => void }[] = [];
  /** Set from the start of a projection until `paceMs` later: entries arriving meanwhile wait for it. */
  private cooling: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ProjectorDeps) {
    this.projectedSeq = deps.projectedSeq;
  }

  /** Entries just committed, in journal order. */
  follow(entries: readonly JournalRecord[]): void {
    for (const e of entries) if (e.seq > this.projectedSeq) this.queue.push(e);
    this.kick();
  }

  /** Resolves once everything up to `seq` is projected (at once when it already is, or when stopped). */
  reached(seq: number): Promise<void> {
    if (this.projectedSeq >= seq || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ seq, resolve });
      this.kick();
    });
  }

  /** Waits up to `ms` for the queue to empty. */
  async settle(ms: number): Promise<void> {
    const last = this.queue.at(-1)?.seq ?? this.projectedSeq;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.reached(last), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  stop(): void {
    this.stopped = true;
    if (this.cooling) clearTimeout(this.cooling);
    this.cooling = null;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Projects now if there is work and nothing holds it back: a projection running, or the pace. */
  private kick(): void {
    if (this.running || this.stopped || !this.hasWork() || this.paced()) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.hasWork() && !this.paced()) {
      try {
        if (this.resync) await this.reload();
        const entries = this.queue.splice(0);
        if (entries.length === 0) continue;
        const toSeq = entries[entries.length - 1]!.seq;
        this.coolDown();
        await this.deps.storage.project({
          showId: this.deps.showId,
          currency: this.deps.currency,
          fromSeq: this.projectedSeq,
          toSeq,
          entries,
        });
        this.advance(toSeq);
      } catch (err) {
        if (!(err instanceof ProjectionConflictError)) {
          this.deps.log.warn({ err, showId: this.deps.showId }, 'projecting read models failed; retrying');
          await new Promise((r) => setTimeout(r, RETRY_MS).unref());
        }
        this.resync = true;
        if (!this.deps.isLive()) return;
      }
    }
  }

  private hasWork(): boolean {
    return this.queue.length > 0 || this.resync;
  }

  /** Whether work waits for the pace: only while nobody waits to read it. */
  private paced(): boolean {
    return this.cooling !== null && this.waiters.length === 0;
  }

  private coolDown(): void {
    if (this.deps.paceMs <= 0 || this.cooling) return;
    this.cooling = setTimeout(() => {
      this.cooling = null;
      this.kick();
    }, this.deps.paceMs);
    // The timer alone need not keep a process up: what it would project is in the journal, and a
    // drain (passivation, shutdown) projects at once through `reached`.
    this.cooling.unref();
  }

  /** Starts again from the database: its checkpoint, and the journal entries after it we know of. */
  private async reload(): Promise<void> {
    const last = this.queue.at(-1)?.seq ?? this.projectedSeq;
    const checkpoint = await this.deps.storage.projectedSeq(this.deps.showId);
    const missing = checkpoint < last ? await this.deps.storage.loadJournalAfter(this.deps.showId, checkpoint) : [];
    this.queue = missing
      .filter((e) => e.seq <= last)
      // Entries from before decisions were kept were projected when they were written (migration 0002).
      .flatMap((e) =>
        e.decisions !== null && e.state !== null ? [{ ...e, decisions: e.decisions, state: e.state }] : [],
      );
    this.projectedSeq = checkpoint;
    this.resync = false;
    if (checkpoint >= last) this.advance(checkpoint);
  }

  private advance(seq: number): void {
    this.projectedSeq = Math.max(this.projectedSeq, seq);
    const ready = this.waiters.filter((w) => w.seq <= this.projectedSeq);
    this.waiters = this.waiters.filter((w) => w.seq > this.projectedSeq);
    for (const w of ready) w.resolve();
  }
}
