// The API's answers as the server declares them: types inferred from its zod schemas, imported as
// types only, so the browser never loads server code (esbuild drops `import type` whole).
import type { z } from '@hono/zod-openapi';
import type { HallLayout as HallLayoutSchema } from '../../../schemas/admin.js';
import type { AssistantAnswer as AssistantAnswerSchema } from '../../../schemas/assistant.js';
import type { Me as MeSchema, TokenResponse as TokenResponseSchema } from '../../../schemas/auth.js';
import type {
  Booking as BookingSchema,
  CancellationQuote as CancellationQuoteSchema,
  CancelledBooking as CancelledBookingSchema,
} from '../../../schemas/bookings.js';
import type { Money as MoneySchema, Problem as ProblemSchema } from '../../../schemas/common.js';
import type {
  HistoryStep as HistoryStepSchema,
  HistoryView as HistoryViewSchema,
  InspectorEntry as InspectorEntrySchema,
  InspectorHold as InspectorHoldSchema,
  InspectorSnapshot as InspectorSnapshotSchema,
  LiveView as LiveViewSchema,
  MachineDefinition as MachineDefinitionSchema,
  Owner as OwnerSchema,
} from '../../../schemas/inspector.js';
import type { MyHold as MyHoldSchema, MyHolds as MyHoldsSchema } from '../../../schemas/my-holds.js';
import type { NotificationList as NotificationListSchema } from '../../../schemas/notifications.js';
import type { OidcProviderList as OidcProviderListSchema } from '../../../schemas/oidc.js';
import type { RoomView as RoomViewSchema, TicketView as TicketViewSchema } from '../../../schemas/rooms.js';
import type { SeatMap as SeatMapSchema, ShowDetails as ShowDetailsSchema } from '../../../schemas/shows.js';

export type Money = z.infer<typeof MoneySchema>;
export type ProblemBody = z.infer<typeof ProblemSchema>;
export type Me = z.infer<typeof MeSchema>;
export type HallLayout = z.infer<typeof HallLayoutSchema>;
export type AssistantAnswer = z.infer<typeof AssistantAnswerSchema>;
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
export type Booking = z.infer<typeof BookingSchema>;
export type CancellationQuote = z.infer<typeof CancellationQuoteSchema>;
export type CancelledBooking = z.infer<typeof CancelledBookingSchema>;
export type MyHold = z.infer<typeof MyHoldSchema>;
export type MyHolds = z.infer<typeof MyHoldsSchema>;
export type NotificationList = z.infer<typeof NotificationListSchema>;
export type OidcProviderList = z.infer<typeof OidcProviderListSchema>;
export type RoomView = z.infer<typeof RoomViewSchema>;
export type TicketView = z.infer<typeof TicketViewSchema>;
export type ShowDetails = z.infer<typeof ShowDetailsSchema>;
export type SeatMap = z.infer<typeof SeatMapSchema>;

// The inspector's admin API.
export type InspectorSnapshot = z.infer<typeof InspectorSnapshotSchema>;
export type InspectorHold = z.infer<typeof InspectorHoldSchema>;
export type InspectorEntry = z.infer<typeof InspectorEntrySchema>;
export type InspectorOwner = z.infer<typeof OwnerSchema>;
export type HistoryView = z.infer<typeof HistoryViewSchema>;
export type HistoryStep = z.infer<typeof HistoryStepSchema>;
export type LiveView = z.infer<typeof LiveViewSchema>;
export type MachineDefinition = z.infer<typeof MachineDefinitionSchema>;
