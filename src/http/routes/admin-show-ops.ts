import type { Placement } from '../../actors/placement/index.js';
import { recordAdminAction } from '../../db/queries/audit.js';
import { cancellationFootprint, removeShow } from '../../db/queries/catalog-admin.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { signForward } from '../forward-signature.js';
import type { ShowCurrencies } from '../show-currencies.js';
import { sendCancelShow } from '../command-replies.js';

export type ShowOpsDeps = Pick<
  AppDeps,
  'db' | 'runtime' | 'checkout' | 'log' | 'placement' | 'clusterSecret' | 'env'
> & {
  currencies: ShowCurrencies;
};

export interface CancelReport {
  showId: string;
  state: 'cancelled';
  bookingsCancelled: number;
  refunds: { succeeded: number; pending: number; failed: number };
}

export type Removal = { removed: true } | { removed: false; report: CancelReport };

/**
 * Cancels a show through its actor (nothing can be sold after that commit) and refunds every booking
 * it had in full. Idempotent: a repeat finds the same bookings through their refund rows, settles
 * whatever is still pending and answers the same report, never refunding twice (a refund's id is
 * its gateway idempotency key).
 */
export async function cancelShowWithRefunds(
  deps: ShowOpsDeps,
  showId: string,
): Promise<{ report: CancelReport; holdsEnded: number; firstTime: boolean }> {
  const before = (await deps.runtime.summary(showId)).state;
  const { cancelled } = await sendCancelShow(deps.runtime, showId);
  // A repeat finds the holds the first cancel ended in the read model, which may still be pacing.
  await deps.runtime.readModelsCaughtUp(showId);
  const footprint = await cancellationFootprint(deps.db, showId);
  const bookingIds = [...new Set([...cancelled.bookingIds, ...footprint.bookingIds])];
  const refunds = { succeeded: 0, pending: 0, failed: 0 };
  for (const refund of (await deps.checkout.refundCancelledShow(showId, bookingIds)).refunds) refunds[refund.status]++;
  return {
    report: { showId, state: 'cancelled', bookingsCancelled: bookingIds.length, refunds },
    holdsEnded: Math.max(cancelled.holdIds.length, footprint.cancelledHolds),
    firstTime: before !== 'cancelled',
  };
}

/**
 * The rule for taking a show away: one that never sold or held anything stops selling and leaves
 * the catalog; one with customers is cancelled with refunds and stays, so they can still see it.
 */
export async function removeOrCancelShow(deps: ShowOpsDeps, showId: string, adminUserId: string): Promise<Removal> {
  const { report, holdsEnded, firstTime } = await cancelShowWithRefunds(deps, showId);
  if (report.bookingsCancelled === 0 && holdsEnded === 0) {
    await removeShow(deps.db, showId, new Date());
    deps.currencies.forget(showId);
    await recordAdminAction(deps.db, {
      adminUserId,
      action: 'show.delete',
      targetType: 'show',
      targetId: showId,
      details: { removed: true },
    });
    return { removed: true };
  }
  if (firstTime) {
    await recordAdminAction(deps.db, {
      adminUserId,
      action: 'show.cancel',
      targetType: 'show',
      targetId: showId,
      details: { via: 'delete', bookingsCancelled: report.bookingsCancelled, refunds: report.refunds },
    });
  }
  return { removed: false, report };
}

/**
 * Applies the removal rule to a show wherever its actor lives: here, or on its owner through the
 * owner's own DELETE route (with the caller's token), because only the owner may command the actor.
 */
export async function removeOrCancelAnywhere(
  deps: ShowOpsDeps,
  showId: string,
  caller: { adminUserId: string; authorization: string | undefined; clientIp: string },
): Promise<Removal> {
  const placement: Placement | undefined = deps.placement;
  const owner = placement?.ownerOf(showId);
  if (!placement || owner?.nodeId === placement.nodeId) return removeOrCancelShow(deps, showId, caller.adminUserId);
  if (!owner) throw new ApiError('not_owner', 503, 'A show is moving between nodes; retry shortly', retryLater);
  // createApp refuses a placement without the secret; this names the broken invariant should it change.
  if (!deps.clusterSecret) throw new Error('A node of a cluster needs the cluster secret to sign what it forwards');
  const path = `/api/admin/shows/${encodeURIComponent(showId)}`;
  const signed = signForward(deps.clusterSecret, {
    method: 'DELETE',
    target: path,
    body: undefined,
    by: placement.nodeId,
    clientIp: caller.clientIp,
    at: Date.now(),
  });
  const res = await fetch(new URL(path, owner.url), {
    method: 'DELETE',
    headers: { authorization: caller.authorization ?? '', ...signed },
  }).catch((err: unknown) => {
    deps.log.warn({ err, showId, owner: owner.nodeId }, 'removing a show on its owner failed');
    throw new ApiError('not_owner', 503, 'The node owning a show could not be reached; retry shortly', retryLater);
  });
  if (res.status === 204) return { removed: true };
  if (res.status === 200) return { removed: false, report: (await res.json()) as CancelReport };
  if (res.status === 404) return { removed: true };
  throw new ApiError('not_owner', 503, `The owner of show ${showId} answered ${res.status}; retry shortly`, retryLater);
}

const retryLater = { headers: { 'retry-after': '1' } };
