import { describe, expect, it } from 'vitest';
import type { ShowOutcome } from '../../src/actors/show/types.js';
import {
  cancelShowReply,
  holdReply,
  joinReply,
  leaveReply,
  releaseReply,
  updateShowReply,
} from '../../src/http/command-replies.js';

const placed = (holdId: string): ShowOutcome => ({
  type: 'hold.placed',
  holdId,
  userId: 'u1',
  total: 5000,
  createdAt: 1,
  expiresAt: 2,
  deadlineAt: 3,
  entryId: null,
  seats: ['A-1', 'A-2'],
  ga: null,
  quantity: 2,
});
// Outcomes of other holds in the same step (an expiry that fell due, an offer) are not the answer.
const noise: ShowOutcome[] = [{ type: 'hold.expired', holdId: 'h0', entryId: null }, placed('h9')];

describe('command replies', () => {
  it('answer HOLD with its own placement or refusal', () => {
    expect(holdReply([...noise, placed('h1')], 'h1')).toEqual({ type: 'placed', hold: placed('h1') });
    expect(holdReply([...noise, { type: 'hold.rejected', holdId: 'h1', code: 'sold_out' }], 'h1')).toEqual({
      type: 'refused',
      code: 'sold_out',
    });
    expect(holdReply([{ type: 'hold.rejected', holdId: 'h1', code: 'unknown_seats', detail: 'Z-9' }], 'h1')).toEqual({
      type: 'refused',
      code: 'unknown_seats',
      detail: 'Z-9',
    });
    expect(() => holdReply(noise, 'h1')).toThrow('HOLD h1 produced no answer');
  });

  it('answer RELEASE, JOIN_WAITLIST and LEAVE_WAITLIST with their own outcome', () => {
    expect(releaseReply([...noise, { type: 'hold.released', holdId: 'h1' }], 'h1')).toEqual({ type: 'released' });
    expect(
      releaseReply([{ type: 'hold.action_rejected', holdId: 'h1', action: 'RELEASE', code: 'hold_paying' }], 'h1'),
    ).toEqual({ type: 'refused', code: 'hold_paying' });
    expect(() => releaseReply(noise, 'h1')).toThrow('RELEASE h1 produced no answer');
    const joined: ShowOutcome = {
      type: 'waitlist.joined',
      entryId: 'e1',
      userId: 'u1',
      quantity: 2,
      category: null,
      section: null,
      position: 3,
      joinedAt: 1,
      expiresAt: 2,
    };
    expect(joinReply([joined], 'e1')).toEqual({ type: 'joined', position: 3 });
    expect(joinReply([{ type: 'waitlist.rejected', entryId: 'e1', code: 'seats_available' }], 'e1')).toEqual({
      type: 'refused',
      code: 'seats_available',
    });
    expect(leaveReply([{ type: 'waitlist.left', entryId: 'e1' }], 'e1')).toEqual({ type: 'left' });
    expect(leaveReply([{ type: 'waitlist.leave_rejected', entryId: 'e1', code: 'not_found' }], 'e1')).toEqual({
      type: 'refused',
      code: 'not_found',
    });
  });

  it('answer CANCEL_SHOW and UPDATE_SHOW', () => {
    const cancelled: ShowOutcome = { type: 'show.cancelled', bookingIds: ['b1'], holdIds: [], entryIds: [] };
    expect(cancelShowReply([cancelled])).toEqual({ type: 'cancelled', cancelled });
    expect(() => cancelShowReply([])).toThrow('CANCEL_SHOW produced no answer');
    expect(updateShowReply([])).toEqual({ type: 'updated' });
    expect(updateShowReply([{ type: 'show.update_rejected', code: 'sales_already_open', detail: 'too late' }])).toEqual(
      { type: 'refused', code: 'sales_already_open', detail: 'too late' },
    );
  });
});
