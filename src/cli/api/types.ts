/** Response shapes of the REST API (shared/API.md), as far as the terminal client reads them. */

export interface Money {
  amount: number;
  currency: string;
}

export interface AuthResult {
  userId: string;
  token: string;
  expiresAt: string;
  refreshToken: string;
}

export interface Me {
  userId: string;
  email: string;
  name: string;
  role: string;
}

/** GET /api/me/export: the fields the client reads; the file it writes keeps the whole document. */
export interface PersonalDataExport {
  exportedAt: string;
  account: Me;
  bookings: unknown[];
  payments: unknown[];
  notifications: unknown[];
  reviews: unknown[];
  support: unknown[];
  [section: string]: unknown;
}

export interface City {
  cityId: string;
  name: string;
}

/** The catalog's venue and city may be plain names or objects; the renderer accepts both. */
export type NamedRef = string | { name: string } | null | undefined;

export interface EventSummary {
  eventId: string;
  title: string;
  category: string;
  genre?: string | null;
  language?: string | null;
  durationMinutes?: number | null;
  rating?: string | null;
  cities?: NamedRef[];
  nextShowAt?: string | null;
  availableSeats?: number | null;
  /** With near: km to the nearest venue of the listed shows. */
  distanceKm?: number | null;
  /** The soonest shows that passed the filters (servers since the seed's search parameters). */
  shows?: ListedShow[];
}

export interface ListedShow {
  showId: string;
  startsAt: string;
  /** The venue's IANA zone (servers since venues have one). */
  timeZone?: string;
  venue: NamedRef;
  city: NamedRef;
  distanceKm: number | null;
  categories: { category: string; price: Money; capacity: number; available: number; status: string }[];
}

export interface EventPage {
  items: EventSummary[];
  page: number;
  pageSize: number;
  total: number;
  didYouMean?: string | null;
}

export interface EventShow {
  showId: string;
  startsAt: string;
  timeZone?: string;
  venue?: NamedRef;
  city?: NamedRef;
  availableSeats?: number | null;
  distanceKm?: number | null;
}

export interface EventDetails extends Omit<EventSummary, 'shows'> {
  description?: string | null;
  shows: EventShow[];
}

export interface ShowCategory {
  category: string;
  price: Money;
  available: number;
}

export interface ShowDetails {
  showId: string;
  eventId: string;
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  timeZone?: string;
  venue: { venueId: string; name: string; address: string };
  hall: { hallId: string; name: string };
  city: { cityId: string; name: string };
  seating: 'reserved' | 'general' | 'mixed';
  state: string;
  capacity: number;
  available: number;
  held: number;
  booked: number;
  waitlistLength: number;
  categories: ShowCategory[];
  salesOpenAt: string | null;
  salesCloseAt: string | null;
  holdTtlSeconds: number;
}

export type SeatStatus = 'available' | 'held' | 'booked';

export interface Seat {
  seatId: string;
  section: string;
  row: string;
  number: number;
  category: string;
  price: Money;
  status: SeatStatus;
}

export interface SectionSummary {
  section: string;
  kind: 'reserved' | 'general';
  category?: string;
  capacity: number;
  available: number;
}

export interface SeatMap {
  showId: string;
  seats: Seat[];
  sections: SectionSummary[];
}

export type HoldRequest = { seats: string[] } | { quantity: number; category?: string; section?: string };

export interface Hold {
  holdId: string;
  showId: string;
  status: string;
  seats: string[];
  quantity: number;
  section?: string;
  expiresAt: string;
  total: Money;
  bookingId?: string;
}

export type Payment =
  { method: 'card'; cardNumber: string; expiry: string; cvc: string } | { method: 'paypal'; account: string };

export interface Booking {
  bookingId: string;
  showId: string;
  userId: string;
  status: 'confirmed' | 'cancelled';
  seats: string[];
  quantity: number;
  section?: string;
  tickets: { ticketId: string; seatId: string; code: string }[];
  subtotal: Money;
  discount: Money;
  fees: Money;
  total: Money;
  paymentId: string;
  createdAt: string;
  cancelledAt?: string;
  refund?: Money;
  qr: string;
}

export interface CancelledBooking {
  bookingId: string;
  status: 'cancelled';
  refund: Money & { status: string };
}

export interface HallLayout {
  sections: (
    | { name: string; kind: 'reserved'; rows: { row: string; seats: number; category: string }[] }
    | { name: string; kind: 'general'; capacity: number; category: string }
  )[];
}

export interface VenueCreated {
  venueId: string;
  /** The venue's IANA zone (servers since venues have one). */
  timeZone?: string;
  halls: { hallId: string; name: string; capacity: number }[];
}

export type AssistantAction =
  { label: string; kind: 'link'; href: string } | { label: string; kind: 'command'; command: string };

export interface AssistantAnswer {
  reply: string;
  actions: AssistantAction[];
  intent: string;
}

/** Promo code and points for a quote or a confirm. */
export interface CheckoutTerms {
  promoCode?: string;
  points?: number;
}

export interface Quote {
  holdId: string;
  showId: string;
  currency: string;
  lines: { category: string; unitPrice: Money; quantity: number; amount: Money }[];
  subtotal: Money;
  promo: { code: string; discount: Money } | null;
  points: { redeemed: number; discount: Money };
  fees: Money;
  discount: Money;
  total: Money;
  expiresAt: string;
}

export interface Loyalty {
  points: number;
  tier: string;
  nextTier: { tier: string; pointsNeeded: number } | null;
  earnRate: number;
  availableDiscounts: { kind: 'points'; points: number; maxDiscount: number; description: string }[];
  ledger: { entryId: string; delta: number; kind: string; note: string; bookingId: string | null; createdAt: string }[];
}

export interface Notification {
  notificationId: string;
  topic: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: Notification[];
  unread: number;
}

export interface PaymentRecord {
  paymentId: string;
  status: string;
  amount: Money;
  subtotal: Money;
  discount: Money;
  fees: Money;
  promoCode: string | null;
  pointsRedeemed: number;
  currency: string;
  method: string;
  bookingId: string | null;
  showId: string;
  createdAt: string;
  refunds: { refundId: string; amount: Money; status: string; reason: string | null; createdAt: string }[];
}

/** GET /api/shows/:id/room: the waiting room in front of a show (`enabled: false` when it has none). */
export interface RoomView {
  showId: string;
  enabled: boolean;
  state: 'closed' | 'preQueue' | 'admitting' | 'paused' | 'soldOut' | 'ended';
  method: 'randomThenFifo' | 'fifo' | 'passthrough' | null;
  preQueueAt: string | null;
  salesOpenAt: string | null;
  maxActive: number | null;
  admitPerMinute: number | null;
  turnMinutes: number | null;
  queued: number;
  active: number;
  admittedTotal: number;
  admittedLastMinute: number;
}

/** A place in a show's waiting room, as the queue endpoints answer it. */
export interface QueueTicket {
  ticketId: string;
  showId: string;
  status: 'queued' | 'admitted' | 'done' | 'soldOut' | 'ended';
  position: number | null;
  ahead: number;
  admittedLastMinute: number;
  estimatedWaitSeconds: number | null;
  turnEndsAt: string | null;
  admissionToken: string | null;
  waitlistUrl?: string;
}

/** A live hold or waitlist offer of yours (GET /api/me/holds). */
export interface MyHold {
  holdId: string;
  showId: string;
  title: string;
  startsAt: string;
  path: string;
  status: 'held' | 'paying' | 'offered';
  seats: string[];
  quantity: number;
  section?: string;
  expiresAt: string;
  total: Money;
  entryId?: string;
  holdPath: string;
}

/** A waiting place of yours (GET /api/me/waitlist). */
export interface MyWaitlistEntry {
  entryId: string;
  showId: string;
  title: string;
  startsAt: string;
  path: string;
  status: 'waiting' | 'offered';
  position: number | null;
  quantity: number;
  category?: string;
  section?: string;
  expiresAt: string;
  offer?: { holdId: string; seats: string[]; expiresAt: string; total: Money };
}

export interface RefundRule {
  hoursBefore: number;
  refundPercent: number;
  label: string;
}

/** What cancelling a booking now refunds (GET /api/bookings/:id/cancellation). */
export interface CancellationQuote {
  bookingId: string;
  refund: Money;
  total: Money;
  rule: RefundRule;
  until: string;
  next: RefundRule | null;
}
