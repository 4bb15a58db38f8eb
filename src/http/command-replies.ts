import type { ShowCommand, ShowRuntime } from '../actors/runtime/types.js';
import type { HoldActionRejectCode, HoldRejectCode, ShowOutcome, WaitlistRejectCode } from '../actors/show/types.js';

/**
 * A command answers with its own type (STYLE.md 18). The runtime resolves a dispatch with every
 * outcome of the command's step (expiries and offers that fell due first included); these read the
 * one answer that belongs to the command, so a route switches exhaustively on a small union instead
 * of searching the list. Pure functions of the outcomes, plus one `send...` per command kind that
 * dispatches and reads (ShowRuntime's own signature is left as it is).
 */

type Outcome<T extends ShowOutcome['type']> = Extract<ShowOutcome, { type: T }>;

export type HoldPlaced = { type: 'placed'; hold: Outcome<'hold.placed'> };
export type HoldRefused = { type: 'refused'; code: HoldRejectCode; detail?: string };
export type HoldReply = HoldPlaced | HoldRefused;

export type HoldReleased = { type: 'released' };
export type ReleaseRefused = { type: 'refused'; code: HoldActionRejectCode };
export type ReleaseReply = HoldReleased | ReleaseRefused;

export type WaitlistJoined = { type: 'joined'; position: number };
export type WaitlistRefused = { type: 'refused'; code: WaitlistRejectCode };
export type JoinReply = WaitlistJoined | WaitlistRefused;

export type WaitlistLeft = { type: 'left' };
export type LeaveRefused = { type: 'refused'; code: 'not_found' };
export type LeaveReply = WaitlistLeft | LeaveRefused;

export type ShowCancelled = { type: 'cancelled'; cancelled: Outcome<'show.cancelled'> };
export type CancelShowReply = ShowCancelled;

export type ShowUpdated = { type: 'updated' };
export type UpdateRefused = { type: 'refused'; code: Outcome<'show.update_rejected'>['code']; detail: string };
export type UpdateShowReply = ShowUpdated | UpdateRefused;

const noAnswer = (what: string) => new Error(`${what} produced no answer`);

/** The reply to HOLD `holdId`. */
export function holdReply(outcomes: ShowOutcome[], holdId: string): HoldReply {
  for (const o of outcomes) {
    if (o.type === 'hold.placed' && o.holdId === holdId) return { type: 'placed', hold: o };
    if (o.type === 'hold.rejected' && o.holdId === holdId) {
      return o.detail === undefined
        ? { type: 'refused', code: o.code }
        : { type: 'refused', code: o.code, detail: o.detail };
    }
  }
  throw noAnswer(`HOLD ${holdId}`);
}

/** The reply to RELEASE `holdId`. */
export function releaseReply(outcomes: ShowOutcome[], holdId: string): ReleaseReply {
  for (const o of outcomes) {
    if (o.type === 'hold.released' && o.holdId === holdId) return { type: 'released' };
    if (o.type === 'hold.action_rejected' && o.holdId === holdId) return { type: 'refused', code: o.code };
  }
  throw noAnswer(`RELEASE ${holdId}`);
}

/** The reply to JOIN_WAITLIST `entryId`. */
export function joinReply(outcomes: ShowOutcome[], entryId: string): JoinReply {
  for (const o of outcomes) {
    if (o.type === 'waitlist.joined' && o.entryId === entryId) return { type: 'joined', position: o.position };
    if (o.type === 'waitlist.rejected' && o.entryId === entryId) return { type: 'refused', code: o.code };
  }
  throw noAnswer(`JOIN_WAITLIST ${entryId}`);
}

/** The reply to LEAVE_WAITLIST `entryId`: left unless the show refused it. */
export function leaveReply(outcomes: ShowOutcome[], entryId: string): LeaveReply {
  for (const o of outcomes) {
    if (o.type === 'waitlist.leave_rejected' && o.entryId === entryId) return { type: 'refused', code: o.code };
  }
  return { type: 'left' };
}

/** The reply to CANCEL_SHOW (a repeat is answered as cancelled again, with what is left to cancel). */
export function cancelShowReply(outcomes: ShowOutcome[]): CancelShowReply {
  const cancelled = outcomes.find((o): o is Outcome<'show.cancelled'> => o.type === 'show.cancelled');
  if (!cancelled) throw noAnswer('CANCEL_SHOW');
  return { type: 'cancelled', cancelled };
}

/** The reply to UPDATE_SHOW: updated unless the show refused it. */
export function updateShowReply(outcomes: ShowOutcome[]): UpdateShowReply {
  const refused = outcomes.find((o): o is Outcome<'show.update_rejected'> => o.type === 'show.update_rejected');
  return refused ? { type: 'refused', code: refused.code, detail: refused.detail } : { type: 'updated' };
}

type CommandOf<T extends ShowCommand['type']> = Extract<ShowCommand, { type: T }>;
/** A command's fields without its type. */
type Fields<T extends ShowCommand['type']> = Omit<CommandOf<T>, 'type'>;

/** Dispatches HOLD and answers with its reply. */
export async function sendHold(runtime: ShowRuntime, showId: string, hold: Fields<'HOLD'>) {
  return holdReply(await runtime.dispatch(showId, { type: 'HOLD', ...hold }), hold.holdId);
}

/** Dispatches RELEASE and answers with its reply. */
export async function sendRelease(runtime: ShowRuntime, showId: string, release: Fields<'RELEASE'>) {
  return releaseReply(await runtime.dispatch(showId, { type: 'RELEASE', ...release }), release.holdId);
}

/** Dispatches JOIN_WAITLIST and answers with its reply. */
export async function sendJoinWaitlist(runtime: ShowRuntime, showId: string, join: Fields<'JOIN_WAITLIST'>) {
  return joinReply(await runtime.dispatch(showId, { type: 'JOIN_WAITLIST', ...join }), join.entryId);
}

/** Dispatches LEAVE_WAITLIST and answers with its reply. */
export async function sendLeaveWaitlist(runtime: ShowRuntime, showId: string, leave: Fields<'LEAVE_WAITLIST'>) {
  return leaveReply(await runtime.dispatch(showId, { type: 'LEAVE_WAITLIST', ...leave }), leave.entryId);
}

/** Dispatches CANCEL_SHOW and answers with its reply. */
export async function sendCancelShow(runtime: ShowRuntime, showId: string) {
  return cancelShowReply(await runtime.dispatch(showId, { type: 'CANCEL_SHOW' }));
}

/** Dispatches UPDATE_SHOW and answers with its reply. */
export async function sendUpdateShow(runtime: ShowRuntime, showId: string, update: CommandOf<'UPDATE_SHOW'>) {
  return updateShowReply(await runtime.dispatch(showId, update));
}
