import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  bookings,
  holds,
  tickets,
  waitlistEntries,
  type BookingRow,
  type HoldRow,
  type TicketRow,
  type WaitlistRow,
} from '../schema/bookings.js';

export interface MoneyView {
  amount: number;
  currency: string;
}

/** A booking as the API shows it (API.md "Booking"), without the QR image the HTTP layer draws. */
export interface BookingView {
  bookingId: string;
  showId: string;
  userId: string;
  status: 'confirmed' | 'cancelled';
  seats: string[];
  quantity: number;
  section?: string;
  tickets: { ticketId: string; seatId: string; code: string }[];
  subtotal: MoneyView;
  discount: MoneyView;
  fees: MoneyView;
  total: MoneyView;
  paymentId: string;
  createdAt: string;
  cancelledAt?: string;
  refund?: MoneyView;
}

function toView(row: BookingRow, ticketRows: TicketRow[]): BookingView {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    bookingId: row.id,
    showId: row.showId,
    userId: row.userId,
    status: row.status,
    seats: row.seats,
    quantity: row.quantity,
    ...(row.gaSection ? { section: row.gaSection } : {}),
    tickets: ticketRows
      .map((t) => ({ ticketId: t.id, seatId: t.seatId, code: t.code }))
      .sort((a, b) => a.seatId.localeCompare(b.seatId, 'en', { numeric: true })),
    subtotal: money(row.subtotal),
    discount: money(row.discount),
    fees: money(row.fees),
    total: money(row.total),
    paymentId: row.paymentId,
    createdAt: row.createdAt.toISOString(),
    ...(row.cancelledAt ? { cancelledAt: row.cancelledAt.toISOString() } : {}),
    ...(row.refundAmount !== null ? { refund: money(row.refundAmount) } : {}),
  };
}

export async function getBookingView(db: Executor, bookingId: string): Promise<BookingView | null> {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, bookingId)).limit(1);
  if (!row) return null;
  const ticketRows = await db.select().from(tickets).where(eq(tickets.bookingId, bookingId));
  return toView(row, ticketRows);
}

/** A user's bookings, newest first. */
export async function listUserBookings(db: Executor, userId: string): Promise<BookingView[]> {
  const rows = await db.select().from(bookings).where(eq(bookings.userId, userId)).orderBy(desc(bookings.createdAt));
  if (rows.length === 0) return [];
  const ticketRows = await db
    .select()
    .from(tickets)
    .where(
      inArray(
        tickets.bookingId,
        rows.map((r) => r.id),
      ),
    );
  const byBooking = new Map<string, TicketRow[]>();
  for (const t of ticketRows) byBooking.set(t.bookingId, [...(byBooking.get(t.bookingId) ?? []), t]);
  return rows.map((r) => toView(r, byBooking.get(r.id) ?? []));
}

export async function getHoldRow(db: Executor, holdId: string): Promise<HoldRow | null> {
  const [row] = await db.select().from(holds).where(eq(holds.id, holdId)).limit(1);
  return row ?? null;
}

export async function getWaitlistEntryRow(db: Executor, entryId: string): Promise<WaitlistRow | null> {
  const [row] = await db.select().from(waitlistEntries).where(eq(waitlistEntries.id, entryId)).limit(1);
  return row ?? null;
}

/**
 * 1-based place of a waiting entry among the show's waiting entries, first come first served.
 * Entries that joined in the same millisecond are ordered by id, which the actor may order otherwise;
 * a display value only, the actor's queue decides who is offered first.
 */
export async function waitlistPosition(db: Executor, entry: WaitlistRow): Promise<number> {
  const [row] = await db
    .select({ ahead: sql<number>`count(*)::int` })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.showId, entry.showId),
        eq(waitlistEntries.status, 'waiting'),
        sql`(${waitlistEntries.joinedAt}, ${waitlistEntries.id}) < (${entry.joinedAt.toISOString()}::timestamptz, ${entry.id})`,
      ),
    );
  return (row?.ahead ?? 0) + 1;
}

/** The show a booking belongs to, for routing a booking request to the show's owner. */
export async function showIdOfBooking(db: Executor, bookingId: string): Promise<string | null> {
  const [row] = await db.select({ showId: bookings.showId }).from(bookings).where(eq(bookings.id, bookingId)).limit(1);
  return row?.showId ?? null;
}
