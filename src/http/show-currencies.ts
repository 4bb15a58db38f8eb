import type { Db } from '../db/client.js';
import { getShowDetails } from '../db/queries/catalog.js';
import { ApiError } from './errors.js';

export interface ShowCurrencies {
  /** The show's currency (fixed at creation); 404 not_found for an unknown show. */
  of(showId: string): Promise<string>;
  /** Drops a removed show, so its next request is answered 404. */
  forget(showId: string): void;
}

/** Remembers each show's currency so answering a hold does not cost a query on a hot show. */
export function createShowCurrencies(db: Db): ShowCurrencies {
  const known = new Map<string, string>();
  return {
    async of(showId) {
      const cached = known.get(showId);
      if (cached) return cached;
      const details = await getShowDetails(db, showId);
      if (!details) throw new ApiError('not_found', 404, `Show ${showId} not found`);
      known.set(showId, details.show.currency);
      return details.show.currency;
    },
    forget(showId) {
      known.delete(showId);
    },
  };
}
