import { cancelBooking, confirmHold } from './bookings.js';
import { isDue } from './deadlines.js';
import type { Draft } from './draft.js';
import { createDraft, emit, finish } from './draft.js';
import { expireDueHolds } from './hold-ops.js';
import { beginPayment, holdSeats, paymentFailed, releaseHold } from './holds.js';
import type { Phase } from './phase.js';
import { cancelShow, closeSales, openSales, phaseAtTime, salesCloseDue, salesOpenDue, stepPhase } from './sales.js';
import type { Hold, ShowContext, ShowDecision, ShowEvent, ShowOutcome } from './types.js';
import { checkUpdate, updateShow } from './update.js';
import { closeWaitlist, expireEntries, joinWaitlist, leaveWaitlist, settleWaitlist } from './waitlist.js';

export interface CommandResult {
  context: ShowContext;
  outcomes: ShowOutcome[];
  /** The outcomes and the earmark changes, in the order they were made: what the journal keeps. */
  decisions: ShowDecision[];
}

/** Time passing: holds, offers and waits that are due end; sales open or close when due. Silent when nothing is due. */
function tick(d: Draft, phase: Phase): void {
  let current = phase;
  if (current === 'scheduled' && salesOpenDue(d.base, d.now)) {
    emit(d, { type: 'sales.opened' });
    current = 'onSale';
  }
  if (current === 'onSale' || current === 'salesClosed') expireDueHolds(d);
  if (current === 'onSale') {
    expireEntries(d);
    if (salesCloseDue(d.base, d.now)) {
      closeWaitlist(d);
      emit(d, { type: 'sales.closed' });
    }
  }
}

/**
 * Applies one command to a show in a given phase: the whole of the machine's logic as one
 * deterministic function (no clock, no ids, no I/O), so the machine's actions stay one line and rules
 * can be tested without XState. The context's holds and bookings records are updated in place
 * (see draft.ts); everything else in the returned context is new where it changed.
 *
 * Every command first applies what fell due at its `now`, exactly as a TICK at that time would,
 * outcomes included: a command never sees a hold whose deadline has passed or sales that should have
 * closed, whoever sends it and whether or not a timer fired in time. Replay therefore needs no TICKs
 * between commands. When nothing is due (the usual case) the check costs a few lookups.
 */
export function applyCommand(context: ShowContext, event: ShowEvent, phase: Phase): CommandResult {
  if (event.type === 'TICK' || !isDue(context, phase, event.now)) return finished(step(context, event, phase));
  const caughtUp = step(context, { type: 'TICK', now: event.now }, phase);
  const lapsed = new Map(caughtUp.expired.map((hold) => [hold.holdId, hold]));
  const handled = step(finish(caughtUp), event, phaseAtTime(context, event.now, phase), lapsed);
  return {
    context: finish(handled),
    outcomes: [...caughtUp.out, ...handled.out],
    decisions: [...caughtUp.decisions, ...handled.decisions],
  };
}

function finished(d: Draft): CommandResult {
  return { context: finish(d), outcomes: d.out, decisions: d.decisions };
}

/** One event on a show that has caught up with the event's time. */
function step(context: ShowContext, event: ShowEvent, phase: Phase, lapsed?: ReadonlyMap<string, Hold>): Draft {
  // An update changes what every rule reads (prices, lifetimes, the sales window), so the draft starts from it.
  const update = event.type === 'UPDATE_SHOW' ? checkUpdate(context, event, phase) : null;
  const d = createDraft(update?.ok ? update.context : context, event.now, lapsed);
  switch (event.type) {
    case 'HOLD':
      holdSeats(d, event, phase);
      break;
    case 'RELEASE':
      releaseHold(d, event);
      break;
    case 'BEGIN_PAYMENT':
      beginPayment(d, event);
      break;
    case 'CONFIRM':
      confirmHold(d, event);
      break;
    case 'PAYMENT_FAILED':
      paymentFailed(d, event);
      break;
    case 'CANCEL_BOOKING':
      cancelBooking(d, event);
      break;
    case 'JOIN_WAITLIST':
      joinWaitlist(d, event, phase);
      break;
    case 'LEAVE_WAITLIST':
      leaveWaitlist(d, event);
      break;
    case 'TICK':
      tick(d, phase);
      break;
    case 'OPEN_SALES':
      openSales(d, phase);
      break;
    case 'CLOSE_SALES':
      closeSales(d, phase);
      break;
    case 'CANCEL_SHOW':
      cancelShow(d, phase);
      break;
    case 'UPDATE_SHOW':
      updateShow(d, update!);
      break;
    default: {
      const unknown: never = event;
      throw new Error(`unknown show event: ${JSON.stringify(unknown)}`);
    }
  }
  if (stepPhase(context, event, phase) === 'onSale') settleWaitlist(d);
  return d;
}
