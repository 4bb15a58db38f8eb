import type { Logger } from 'pino';
import { ProjectionConflictError, type JournalRecord, type ShowStorage } from './storage.js';

export interface ProjectorDeps {
  showId: string;
  currency: string;
  projectedSeq: number;
  storage: ShowStorage;
  log: Logger;
  isLive(): boolean;
}

const RETRY_MS = 500;

/**
 * Keeps a show's asynchronous read models (holds and waitlist entries) following its
 * journal, off the commit path: a hot show's holds and releases are folded per projection, so a hold
 * placed and released between two projections costs one row instead of an insert and an update. The
 * checkpoint moves in the same transaction as the rows; after a conflict or a failed write the
 * projector starts again from the database's checkpoint and the journal.
 */
export class ShowProjector {
  private projectedSeq: number;
  private queue: JournalRecord[] = [];
  private running = false;
  private resync = false;
  private stopped = false;
  private waiters: { seq: number; resolve: () => void }[] = [];

  constructor(private readonly deps: ProjectorDeps) {
    this.projectedSeq = deps.projectedSeq;
  }

  /** Entries just committed, in journal order. */
  follow(entries: readonly JournalRecord[]): void {
    for (const e of entries) if (e.seq > this.projectedSeq) this.queue.push(e);
    if (this.queue.length > 0 || this.resync) this.run();
  }

  /** Resolves once everything up to `seq` is projected (at once when it already is, or when stopped). */
  reached(seq: number): Promise<void> {
    if (this.projectedSeq >= seq || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
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
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped && (this.queue.length > 0 || this.resync)) {
      try {
        if (this.resync) await this.reload();
        const entries = this.queue.splice(0);
        if (entries.length === 0) continue;
        const toSeq = entries[entries.length - 1]!.seq;
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
