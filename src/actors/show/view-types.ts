/*
 * What the outside world reads about a show: the summary and the seat map that views.ts builds from
 * the context. They live beside the rules that make them so the pure show folder imports nothing
 * from the runtime that hosts it; the runtime re-exports them for its callers.
 */

/** What a show looks like right now, for GET /api/shows/:id and listings. */
export interface ShowSummary {
  showId: string;
  /** The actor's state value as a dotted string, e.g. "onSale.available". */
  state: string;
  capacity: number;
  available: number;
  held: number;
  booked: number;
  waitlistLength: number;
  categories: { category: string; price: number; available: number }[];
}

export interface SeatStatusView {
  seatId: string;
  section: string;
  row: string;
  number: number;
  category: string;
  price: number;
  status: 'available' | 'held' | 'booked';
}

export interface SeatMapView {
  showId: string;
  seats: SeatStatusView[];
  sections: { section: string; kind: 'reserved' | 'general'; category: string; capacity: number; available: number }[];
}
