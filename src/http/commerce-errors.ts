import type { QuoteFailureCode } from '../commerce/quote.js';
import { ApiError } from './errors.js';

/** One mapping from a refused quote (by the quote route or by confirm) to its problem. */
export function quoteRefused(code: QuoteFailureCode | 'quote_changed', detail: string): ApiError {
  switch (code) {
    case 'promo_invalid':
      return new ApiError('promo_invalid', 422, detail);
    case 'promo_exhausted':
      return new ApiError('promo_exhausted', 409, detail);
    case 'insufficient_points':
      return new ApiError('insufficient_points', 422, detail);
    case 'quote_changed':
      return new ApiError('quote_changed', 409, detail);
    case 'quote_unavailable':
      return new ApiError('quote_unavailable', 409, detail);
  }
}
