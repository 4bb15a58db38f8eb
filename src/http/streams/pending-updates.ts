import type { ShowSummary } from '../../actors/runtime/types.js';
import type { FeedMessage, SeatChange } from './seat-feed.js';

/** What one stream has yet to write, oldest kind first. */
export type StreamItem =
  { type: 'availability'; summary: ShowSummary } | ({ type: 'seats' } & SeatChange) | { type: 'heartbeat' };

/**
 * What a stream's client has not been sent yet, collapsed to the latest state: one availability
 * summary, and each changed seat and section with its latest value. Every message carries absolute
 * values (a seat's status, a section's count), so the collapsed form tells a client what all the
 * messages it replaces would have, and a client that reads slowly costs at most one entry per seat
 * of the show, however many changes it falls behind.
 */
export class PendingUpdates {
  private summary: ShowSummary | null = null;
  private readonly seats = new Map<string, SeatChange['seats'][number]['status']>();
  private readonly sections = new Map<string, number>();
  private heartbeat = false;

  add(message: FeedMessage | { type: 'heartbeat' }): void {
    switch (message.type) {
      case 'availability':
        this.summary = message.summary;
        return;
      case 'seats':
        for (const s of message.seats) this.seats.set(s.seatId, s.status);
        for (const s of message.sections) this.sections.set(s.section, s.available);
        return;
      case 'heartbeat':
        this.heartbeat = true;
        return;
    }
  }

  get isEmpty(): boolean {
    return this.summary === null && this.seats.size === 0 && this.sections.size === 0 && !this.heartbeat;
  }

  /** Entries held: at most one per seat and section of the show, plus two. */
  get size(): number {
    return (this.summary ? 1 : 0) + this.seats.size + this.sections.size + (this.heartbeat ? 1 : 0);
  }

  /** Everything pending, as the few items to write now; leaves nothing behind. */
  take(): StreamItem[] {
    const items: StreamItem[] = [];
    if (this.summary) items.push({ type: 'availability', summary: this.summary });
    if (this.seats.size > 0 || this.sections.size > 0) {
      items.push({
        type: 'seats',
        seats: [...this.seats].map(([seatId, status]) => ({ seatId, status })),
        sections: [...this.sections].map(([section, available]) => ({ section, available })),
      });
    }
    // Anything else written proves the stream alive, so a heartbeat is only needed alone.
    if (this.heartbeat && items.length === 0) items.push({ type: 'heartbeat' });
    this.summary = null;
    this.seats.clear();
    this.sections.clear();
    this.heartbeat = false;
    return items;
  }
}
