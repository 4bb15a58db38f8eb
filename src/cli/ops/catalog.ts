import type { ApiClient } from '../api/client.js';
import type { EventSummary } from '../api/types.js';
import { ApiProblem } from '../errors.js';
import type { ShowRow } from '../render/views.js';

export interface CatalogFilters {
  city?: string;
  category?: string;
  q?: string;
}

export type UpcomingShows =
  | { kind: 'ok'; rows: ShowRow[]; events: EventSummary[]; total: number }
  /** The server has no catalog listing (an older server): callers fall back to asking for a show id. */
  | { kind: 'no_catalog' };

/**
 * Upcoming shows: one page of events from now on, then each event's show times. Events are fetched
 * a few at a time so a long list does not open dozens of connections at once.
 */
export async function upcomingShows(api: ApiClient, filters: CatalogFilters, pageSize = 10): Promise<UpcomingShows> {
  let page;
  try {
    page = await api.events({ ...filters, from: new Date().toISOString(), page: 1, pageSize });
  } catch (err) {
    if (isMissingRoute(err)) return { kind: 'no_catalog' };
    throw err;
  }
  const now = Date.now();
  const rows: ShowRow[] = [];
  for (let i = 0; i < page.items.length; i += 4) {
    const batch = page.items.slice(i, i + 4);
    const details = await Promise.all(batch.map((e) => api.event(e.eventId)));
    details.forEach((d, j) => {
      const event = batch[j]!;
      for (const show of d.shows ?? []) if (new Date(show.startsAt).getTime() >= now) rows.push({ event, show });
    });
  }
  rows.sort((a, b) => Date.parse(a.show.startsAt) - Date.parse(b.show.startsAt));
  return { kind: 'ok', rows, events: page.items, total: page.total };
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
