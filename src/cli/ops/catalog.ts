import type { ApiClient } from '../api/client.js';
import type { EventPage, EventSummary } from '../api/types.js';
import { ApiProblem } from '../errors.js';
import type { ShowRow } from '../render/views.js';

export interface CatalogFilters {
  city?: string;
  category?: string;
  q?: string;
  /** `<latitude>,<longitude>`: only venues with coordinates, each show with its distance. */
  near?: string;
  radiusKm?: number;
  postalCode?: string;
  from?: string;
  to?: string;
  /** The API's sort vocabulary, e.g. `distance,asc` or `name,date,asc`. */
  sort?: string;
}

export type UpcomingShows =
  | { kind: 'ok'; rows: ShowRow[]; events: EventSummary[]; total: number; didYouMean: string | null }
  /** The server has no catalog listing (an older server): callers fall back to asking for a show id. */
  | { kind: 'no_catalog' };

/**
 * Upcoming shows: one page of events (the server lists only those with shows to come), then each
 * event's show times, fetched a few at a time so a long list does not open dozens of connections.
 */
export async function upcomingShows(api: ApiClient, filters: CatalogFilters, pageSize = 10): Promise<UpcomingShows> {
  let page;
  let city: string | undefined;
  try {
    city = filters.city === undefined ? undefined : await cityId(api, filters.city);
    // A keyword is spell-checked: a typo still finds something, and the answer says what was meant.
    page = await api.events({ ...filters, city, spellCheck: filters.q ? 'true' : undefined, page: 1, pageSize });
  } catch (err) {
    if (isMissingRoute(err)) return { kind: 'no_catalog' };
    throw err;
  }
  const rows: ShowRow[] = [];
  // A current server lists each event's matching shows (filtered by place and dates too); an older one is asked per event.
  const listed = page.items.filter((e) => e.shows !== undefined);
  for (const event of listed) {
    for (const show of event.shows!) {
      const availableSeats = show.categories.reduce((n, c) => n + c.available, 0);
      rows.push({ event, show: { ...show, availableSeats } });
    }
  }
  const older = page.items.filter((e) => e.shows === undefined);
  for (let i = 0; i < older.length; i += 4) {
    const batch = older.slice(i, i + 4);
    const details = await Promise.all(batch.map((e) => api.event(e.eventId, city)));
    details.forEach((d, j) => {
      const event = batch[j]!;
      for (const show of d.shows ?? []) rows.push({ event, show });
    });
  }
  const byTime = (a: ShowRow, b: ShowRow) => Date.parse(a.show.startsAt) - Date.parse(b.show.startsAt);
  const nearestFirst = filters.sort?.startsWith('distance') && !filters.sort.includes('desc');
  rows.sort(
    nearestFirst ? (a, b) => (a.show.distanceKm ?? Infinity) - (b.show.distanceKm ?? Infinity) || byTime(a, b) : byTime,
  );
  return {
    kind: 'ok',
    rows: nearestFirst ? rows : completePrefix(rows, page, filters),
    events: page.items,
    total: page.total,
    didYouMean: page.didYouMean ?? null,
  };
}

/**
 * Events come sorted by their next show, so an event on a later page may still have shows before
 * the later shows of this page's events. Only shows up to the last listed event's next show are
 * certainly all there; the rest are left for a narrower search rather than shown with gaps.
 * (A keyword search is sorted by relevance: no such cut applies.)
 */
function completePrefix(rows: ShowRow[], page: EventPage, filters: CatalogFilters): ShowRow[] {
  const last = page.items[page.items.length - 1]?.nextShowAt;
  if (filters.q || filters.sort || page.total <= page.items.length || !last) return rows;
  const bound = Date.parse(last);
  return rows.filter((r) => Date.parse(r.show.startsAt) <= bound);
}

/** The API filters by city id; people type names ("Berlin"), so a name is looked up first. */
async function cityId(api: ApiClient, cityOrName: string): Promise<string> {
  const cities = await cityList(api);
  const wanted = cityOrName.trim().toLowerCase();
  const match = cities?.find((c) => c.cityId.toLowerCase() === wanted || c.name.toLowerCase() === wanted);
  return match?.cityId ?? cityOrName;
}

export async function cityList(api: ApiClient) {
  try {
    return await api.cities();
  } catch (err) {
    if (isMissingRoute(err)) return undefined;
    throw err;
  }
}

/** A 404 for the collection itself means the route does not exist on this server. */
export function isMissingRoute(err: unknown): boolean {
  return err instanceof ApiProblem && (err.status === 404 || err.status === 405);
}

export const noCatalogMessage =
  'This server does not list events yet (GET /api/events answered 404). Look a show up by its id instead, ' +
  'for example: showtime seats concert_2025';
