import { z } from '@hono/zod-openapi';
import { TimeZone } from './catalog.js';
import { IsoTime, Money } from './common.js';

/*
 * The statechart inspector's API (admins only). Event and outcome payloads are the machine's own,
 * verbatim (their times are epoch ms, as the journal keeps them); everything the inspector derives
 * uses ISO times like the rest of the API.
 */

const Int = z.number().int();
const StateName = z.string().openapi({ example: 'onSale.allHeld' });
const Payload = z.record(z.string(), z.unknown());

export const LiveQuery = z.object({
  local: z
    .enum(['0', '1'])
    .optional()
    .openapi({ description: '1: only the shows of the node answering (what nodes ask each other)' }),
});

export const HistoryQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ description: 'Latest journal steps to describe' }),
});

export const LiveShow = z
  .object({
    showId: z.string(),
    title: z.string().nullable(),
    startsAt: IsoTime.nullable(),
    timeZone: TimeZone.nullable(),
    nodeId: z.string(),
    epoch: Int,
    lastSeq: Int.openapi({ description: 'Last journal seq applied in memory' }),
    queueLength: Int.openapi({ description: 'Commands applied and waiting for their write' }),
    state: StateName,
    capacity: Int,
    available: Int,
    held: Int,
    booked: Int,
    waitlistLength: Int,
  })
  .openapi('InspectorLiveShow');

export const LiveNode = z
  .object({
    nodeId: z.string(),
    url: z.string(),
    status: z.enum(['self', 'live', 'unreachable']),
    error: z.string().nullable(),
    shows: z.array(LiveShow),
  })
  .openapi('InspectorLiveNode');

export const LiveView = z
  .object({ self: z.string(), generatedAt: IsoTime, nodes: z.array(LiveNode) })
  .openapi('InspectorLiveView');

export const MachineDefinition = z
  .object({
    machineId: z.string(),
    states: z.array(
      z.object({
        path: z.string().openapi({ description: "Dotted state name; '' for the machine itself" }),
        key: z.string(),
        type: z.enum(['atomic', 'compound', 'parallel', 'final', 'history']),
        parent: z.string().nullable(),
        initial: z.string().nullable(),
        handles: z.array(z.string()).openapi({ description: 'Events answered without leaving the state' }),
        children: z.array(z.string()),
      }),
    ),
    transitions: z.array(
      z.object({
        source: z.string(),
        event: z.string().openapi({ description: "'' for an eventless (always) transition" }),
        targets: z.array(z.string()),
        guard: z.string().nullable(),
      }),
    ),
  })
  .openapi('InspectorMachineDefinition');

export const Owner = z
  .object({ userId: z.string(), email: z.string().nullable(), name: z.string().nullable() })
  .openapi('InspectorOwner');

export const InspectorHold = z
  .object({
    holdId: z.string(),
    owner: Owner,
    status: z.enum(['held', 'paying']),
    seats: z.array(z.string()),
    ga: z.object({ section: z.string(), quantity: Int }).nullable(),
    quantity: Int,
    total: Money,
    createdAt: IsoTime,
    expiresAt: IsoTime.openapi({ description: 'What the customer is shown' }),
    deadlineAt: IsoTime.openapi({ description: 'When the server lets go (expiresAt + grace)' }),
    paymentDeadlineAt: IsoTime.nullable(),
    entryId: z.string().nullable().openapi({ description: 'Set when the hold is a waitlist offer' }),
  })
  .openapi('InspectorHold');

export const InspectorEntry = z
  .object({
    entryId: z.string(),
    owner: Owner,
    position: Int,
    quantity: Int,
    category: z.string().nullable(),
    section: z.string().nullable(),
    status: z.enum(['waiting', 'offered']),
    holdId: z.string().nullable(),
    joinedAt: IsoTime,
    expiresAt: IsoTime,
  })
  .openapi('InspectorWaitlistEntry');

export const Totals = z
  .object({ available: Int, held: Int, earmarked: Int, booked: Int, waitlist: Int })
  .openapi('InspectorTotals');

const GaCounts = z.object({ held: Int, booked: Int, earmarked: Int });

export const InspectorSnapshot = z
  .object({
    showId: z.string(),
    title: z.string().nullable(),
    startsAt: IsoTime.nullable(),
    timeZone: TimeZone.nullable(),
    machineId: z.string(),
    nodeId: z.string().openapi({ description: 'The node that answered: the owner' }),
    state: StateName,
    serverNow: IsoTime,
    epoch: Int.nullable(),
    queueLength: Int.nullable(),
    journal: z.object({
      inMemorySeq: Int.nullable().openapi({ description: 'Last seq applied by the actor' }),
      committedSeq: Int.nullable().openapi({ description: 'Last seq durable in the database' }),
      snapshotSeq: Int.nullable(),
      snapshotAt: IsoTime.nullable(),
    }),
    nextDeadlineAt: IsoTime.nullable().openapi({ description: "When the show's timer fires next" }),
    salesOpenAt: IsoTime.nullable(),
    salesCloseAt: IsoTime.nullable(),
    rules: z.object({
      maxSeatsPerOrder: Int,
      holdTtlSeconds: z.number(),
      holdGraceSeconds: z.number(),
      offerTtlSeconds: z.number(),
      waitlistMaxWaitSeconds: z.number(),
      paymentBoundSeconds: z.number(),
    }),
    totals: Totals,
    categories: z.array(
      z.object({
        category: z.string(),
        price: Money,
        capacity: Int,
        free: Int,
        held: Int,
        earmarked: Int,
        booked: Int,
      }),
    ),
    grid: z.array(
      z.object({
        section: z.string(),
        kind: z.enum(['reserved', 'general']),
        capacity: Int,
        rows: z.array(
          z.object({
            row: z.string(),
            index: Int.openapi({ description: 'Index into the history grid rows' }),
            category: z.string(),
            seats: z.string().openapi({ description: "One character a seat: '.' free, h held, b booked, e earmarked" }),
          }),
        ),
        ga: GaCounts.extend({ free: Int }).nullable(),
      }),
    ),
    holds: z.array(InspectorHold),
    waitlist: z.array(InspectorEntry),
    bookings: Int,
  })
  .openapi('InspectorSnapshot');

const SeatChange = z.object({
  seatId: z.string(),
  row: Int,
  position: Int,
  from: z.enum(['.', 'h', 'b', 'e']),
  to: z.enum(['.', 'h', 'b', 'e']),
});

export const HistoryStep = z
  .object({
    seq: Int,
    at: IsoTime,
    event: Payload,
    stateBefore: StateName,
    state: StateName,
    outcomes: z.array(Payload),
    totals: Totals,
    changes: z.object({
      counts: Totals.openapi({ description: 'After minus before' }),
      holdsAdded: z.array(InspectorHold),
      holdsRemoved: z.array(
        z.object({
          holdId: z.string(),
          owner: Owner,
          reason: z.enum(['released', 'expired', 'confirmed', 'cancelled', 'ended']),
        }),
      ),
      holdsChanged: z.array(z.object({ holdId: z.string(), from: z.string(), to: z.string() })),
      bookingsAdded: z.array(z.object({ bookingId: z.string(), holdId: z.string(), owner: Owner, quantity: Int })),
      bookingsRemoved: z.array(z.object({ bookingId: z.string() })),
      waitlistAdded: z.array(InspectorEntry),
      waitlistRemoved: z.array(z.object({ entryId: z.string(), owner: Owner, reason: z.string() })),
      waitlistChanged: z.array(z.object({ entryId: z.string(), from: z.string(), to: z.string() })),
      seats: z.array(SeatChange),
      ga: z.array(GaCounts.extend({ section: z.string() })),
    }),
  })
  .openapi('InspectorHistoryStep');

export const HistoryView = z
  .object({
    showId: z.string(),
    machineId: z.string(),
    base: z.object({ kind: z.enum(['snapshot', 'genesis']), seq: Int }),
    lastSeq: Int,
    truncated: z.boolean().openapi({ description: 'Older steps exist that are folded into the snapshot' }),
    steps: z.array(HistoryStep),
    end: z.object({ seq: Int, state: StateName, rows: z.array(z.string()), ga: z.array(GaCounts) }),
  })
  .openapi('InspectorHistory');

export type LiveShow = z.infer<typeof LiveShow>;
export type LiveNode = z.infer<typeof LiveNode>;
export type LiveView = z.infer<typeof LiveView>;
export type Owner = z.infer<typeof Owner>;
export type InspectorHold = z.infer<typeof InspectorHold>;
export type InspectorEntry = z.infer<typeof InspectorEntry>;
export type InspectorSnapshot = z.infer<typeof InspectorSnapshot>;
export type HistoryStep = z.infer<typeof HistoryStep>;
export type HistoryView = z.infer<typeof HistoryView>;
