import { randomUUID } from 'node:crypto';
import { ApiProblem, ConnectionError } from '../errors.js';
import type {
  AssistantAnswer,
  AuthResult,
  Booking,
  CancellationQuote,
  CancelledBooking,
  CheckoutTerms,
  City,
  EventDetails,
  EventPage,
  HallLayout,
  Hold,
  HoldRequest,
  Loyalty,
  Me,
  MyHold,
  MyWaitlistEntry,
  PersonalDataExport,
  Money,
  NotificationList,
  Payment,
  PaymentRecord,
  QueueTicket,
  Quote,
  RoomView,
  SeatMap,
  ShowDetails,
  VenueCreated,
} from './types.js';

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  /** Trades for a new token when the server refuses `token` (expired); `onRefresh` keeps the new pair. */
  refreshToken?: string;
  onRefresh?: (token: string, refreshToken: string) => Promise<void> | void;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Admission tokens by show, sent as `Admission-Token` when holding seats in that show. */
  admissions?: Record<string, string>;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** GET /api/events's parameters, as the API names them. */
export type EventQuery = {
  city?: string;
  category?: string;
  q?: string;
  spellCheck?: 'true';
  near?: string;
  radiusKm?: number;
  postalCode?: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
};

/** A thin typed client over the REST API: every non-2xx answer becomes an ApiProblem. */
export function createApiClient(opts: ApiClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let token = opts.token;
  let refreshToken = opts.refreshToken;
  const admissions = new Map(Object.entries(opts.admissions ?? {}));
  const admissionHeader = (showId: string): Record<string, string> => {
    const admission = admissions.get(showId);
    return admission ? { 'admission-token': admission } : {};
  };

  /** A new token pair from the refresh token; false when there is none or the server refuses it. */
  async function refresh(): Promise<boolean> {
    if (!refreshToken) return false;
    let res: Response;
    try {
      res = await doFetch(new URL(`${baseUrl}/api/auth/refresh`), {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ConnectionError(baseUrl, connectionReason(err));
    }
    if (!res.ok) {
      refreshToken = undefined;
      return false;
    }
    const next = (await res.json()) as AuthResult;
    token = next.token;
    refreshToken = next.refreshToken;
    await opts.onRefresh?.(next.token, next.refreshToken);
    return true;
  }

  async function request<T>(method: string, path: string, ro: RequestOptions = {}, retried = false): Promise<T> {
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(ro.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...ro.headers, accept: 'application/json, application/problem+json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (ro.body !== undefined) headers['content-type'] = 'application/json';
    if (ro.idempotencyKey) headers['idempotency-key'] = ro.idempotencyKey;
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers,
        body: ro.body === undefined ? undefined : JSON.stringify(ro.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ConnectionError(baseUrl, connectionReason(err));
    }
    const text = await res.text();
    // An expired token: once more with a new one (the same Idempotency-Key, so nothing happens twice).
    if (res.status === 401 && token && !retried && (await refresh())) return request<T>(method, path, ro, true);
    if (!res.ok) throw problemFrom(res, text);
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiProblem(res.status, 'bad_response', 'The server answered something that is not JSON', url.href);
    }
  }

  /**
   * Retries with the same Idempotency-Key are answered with the first result, so a request that timed
   * out can be sent again without holding or charging twice.
   */
  const key = () => randomUUID();

  return {
    get baseUrl() {
      return baseUrl;
    },
    get token() {
      return token;
    },
    setToken(next: string | undefined, nextRefresh?: string) {
      token = next;
      refreshToken = nextRefresh;
    },
    register: (email: string, password: string, name: string) =>
      request<AuthResult>('POST', '/api/auth/register', { body: { email, password, name } }),
    login: (email: string, password: string) =>
      request<AuthResult>('POST', '/api/auth/login', { body: { email, password } }),
    logout: () => request<void>('POST', '/api/auth/logout'),
    logoutEverywhere: () => request<void>('POST', '/api/auth/logout-everywhere'),
    me: () => request<Me>('GET', '/api/me'),
    /** Everything the server holds about the logged-in user, as one JSON document. */
    exportMyData: () => request<PersonalDataExport>('GET', '/api/me/export'),
    /** Emails a link to set a new password, if an account has the address (the answer is the same either way). */
    requestPasswordReset: (email: string) =>
      request<{ email: string }>('POST', '/api/auth/password-reset', { body: { email } }),
    /** Every other login of the account ends; the answer is this login's new tokens. */
    changePassword: (currentPassword: string, newPassword: string) =>
      request<AuthResult>('POST', '/api/me/password', { body: { currentPassword, newPassword } }),
    deleteAccount: (password: string) =>
      request<{ erased: true; userId: string }>('DELETE', '/api/me', { body: { password } }),
    cities: () => request<City[]>('GET', '/api/cities'),
    events: (query: EventQuery) => request<EventPage>('GET', '/api/events', { query }),
    event: (eventId: string, city?: string) =>
      request<EventDetails>('GET', `/api/events/${encodeURIComponent(eventId)}`, { query: { city } }),
    show: (showId: string) => request<ShowDetails>('GET', `/api/shows/${encodeURIComponent(showId)}`),
    seats: (showId: string) => request<SeatMap>('GET', `/api/shows/${encodeURIComponent(showId)}/seats`),
    hold: (showId: string, body: HoldRequest) =>
      request<Hold>('POST', `/api/shows/${encodeURIComponent(showId)}/holds`, {
        body,
        idempotencyKey: key(),
        headers: admissionHeader(showId),
      }),
    /** The admission token later holds in this show send (undefined forgets it). */
    setAdmission(showId: string, token: string | undefined) {
      if (token) admissions.set(showId, token);
      else admissions.delete(showId);
    },
    room: (showId: string) => request<RoomView>('GET', `/api/shows/${encodeURIComponent(showId)}/room`),
    joinQueue: (showId: string) => request<QueueTicket>('POST', `/api/shows/${encodeURIComponent(showId)}/queue`),
    /**
     * The ticket's SSE stream: its view now, then each change, until the server ends the stream (a
     * finished ticket, or the room moving node). Read through fetch, so the bearer token goes along.
     */
    async *queueEvents(showId: string, ticketId: string): AsyncGenerator<QueueTicket> {
      const path = `/api/shows/${encodeURIComponent(showId)}/queue/${encodeURIComponent(ticketId)}/events`;
      const controller = new AbortController();
      let res: Response;
      try {
        res = await doFetch(new URL(baseUrl + path), {
          headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          signal: controller.signal,
        });
      } catch (err) {
        throw new ConnectionError(baseUrl, connectionReason(err));
      }
      if (!res.ok || !res.body) throw problemFrom(res, await res.text());
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const lines = block.split('\n');
            const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
            const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
            if (event === 'ticket' && data.length > 0) yield JSON.parse(data.join('\n')) as QueueTicket;
          }
        }
      } finally {
        controller.abort();
      }
    },
    /** With `waitSeconds` the server answers when the ticket changes or the time is up (long poll). */
    queueTicket: (showId: string, ticketId: string, waitSeconds = 0) =>
      request<QueueTicket>('GET', `/api/shows/${encodeURIComponent(showId)}/queue/${encodeURIComponent(ticketId)}`, {
        query: { waitSeconds },
      }),
    releaseHold: (showId: string, holdId: string) =>
      request<void>('DELETE', `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}`),
    quote: (showId: string, holdId: string, terms: CheckoutTerms = {}) =>
      request<Quote>('POST', `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}/quote`, {
        body: terms,
      }),
    /** With `expectedTotal` the server refuses (409 quote_changed) rather than charge another amount. */
    confirm: (showId: string, holdId: string, payment: Payment, terms: CheckoutTerms & { expectedTotal?: Money } = {}) =>
      request<Booking>(
        'POST',
        `/api/shows/${encodeURIComponent(showId)}/holds/${encodeURIComponent(holdId)}/confirm`,
        { body: { payment, ...terms }, idempotencyKey: key() },
      ),
    loyalty: () => request<Loyalty>('GET', '/api/me/loyalty'),
    notifications: (query: { unreadOnly?: boolean; limit?: number } = {}) =>
      request<NotificationList>('GET', '/api/me/notifications', {
        query: { unreadOnly: query.unreadOnly ? 'true' : undefined, limit: query.limit },
      }),
    readNotification: (notificationId: string) =>
      request<void>('POST', `/api/me/notifications/${encodeURIComponent(notificationId)}/read`),
    readAllNotifications: () => request<void>('POST', '/api/me/notifications/read-all'),
    payments: () => request<{ items: PaymentRecord[] }>('GET', '/api/me/payments'),
    bookings: () => request<{ items: Booking[] }>('GET', '/api/me/bookings'),
    myHolds: () => request<{ items: MyHold[] }>('GET', '/api/me/holds'),
    myWaitlist: () => request<{ items: MyWaitlistEntry[] }>('GET', '/api/me/waitlist'),
    cancellationQuote: (bookingId: string) =>
      request<CancellationQuote>('GET', `/api/bookings/${encodeURIComponent(bookingId)}/cancellation`),
    cancelBooking: (bookingId: string) =>
      request<CancelledBooking>('DELETE', `/api/bookings/${encodeURIComponent(bookingId)}`, { idempotencyKey: key() }),
    createVenue: (body: { name: string; city: string; address?: string; halls: { name: string; layout: HallLayout }[] }) =>
      request<VenueCreated>('POST', '/api/admin/venues', { body }),
    createEvent: (body: { title: string; category: string; description?: string }) =>
      request<{ eventId: string }>('POST', '/api/admin/events', { body }),
    createShow: (body: {
      eventId: string;
      hallId: string;
      startsAt: string;
      prices: Record<string, { amount: number; currency: string }>;
    }) => request<{ showId: string }>('POST', '/api/admin/shows', { body }),
    /** With a saved login the assistant personalises its answer ("your bookings"). */
    ask: (message: string) => request<AssistantAnswer>('POST', '/api/assistant', { body: { message } }),
  };
}

function problemFrom(res: Response, text: string): ApiProblem {
  const retryAfter = retryAfterMs(res.headers.get('retry-after'));
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object') {
    const p = body as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const errors = Array.isArray(p.errors)
      ? p.errors.map((e: { path?: unknown; message?: unknown }) => ({
          path: Array.isArray(e.path) ? e.path.join('.') : String(e.path ?? ''),
          message: String(e.message ?? ''),
        }))
      : [];
    return new ApiProblem(
      res.status,
      str(p.code) ?? codeForStatus(res.status),
      str(p.title) ?? (res.statusText || `HTTP ${res.status}`),
      str(p.detail),
      errors,
      retryAfter,
    );
  }
  const title = res.statusText || `HTTP ${res.status}`;
  return new ApiProblem(res.status, codeForStatus(res.status), title, undefined, [], retryAfter);
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
function retryAfterMs(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function codeForStatus(status: number): string {
  if (status === 404) return 'not_found';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return `http_${status}`;
}

function connectionReason(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'no answer in time';
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
    if (cause?.code === 'ENOTFOUND') return 'unknown host';
    return cause?.message ?? err.message;
  }
  return String(err);
}
