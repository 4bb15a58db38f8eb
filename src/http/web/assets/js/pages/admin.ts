// Admin overview: sales figures when the server offers them, and live counts per show of a venue.
import type { z } from '@hono/zod-openapi';
import type { AdminStats } from '../../../../schemas/admin-stats.js';
import type { VenueDetails, VenueList } from '../../../../schemas/catalog.js';
import type { Money, ShowDetails } from '../api-types.js';
import { api, ApiProblem } from '../api.js';
import { requireAdmin } from '../admin-gate.js';
import { fill, h } from '../dom.js';
import { adminIds } from '../element-ids.js';
import { element } from '../elements.js';
import { money } from '../format.js';
import { venueTime } from '../show-time.js';
import { problemMessage } from '../problems.js';

const MAX_SHOWS = 40;
/** Counts change with every sale: the page reads them again this often while it is in view. */
const REFRESH_MS = 10_000;

/** Figures whose name alone would mislead. */
const LABELS: Record<string, string> = { revenue: 'Revenue (net of refunds)', refunds: 'Refunds paid out' };

function words(key: string): string {
  const label = LABELS[key];
  if (label) return label;
  return key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

const isMoney = (v: unknown): v is Money => Boolean(v && typeof v === 'object' && 'amount' in v && 'currency' in v);
// Shares from 0 to 1 in the stats; people read them as percentages.
const RATIOS = new Set(['occupancy', 'conversion']);

/** A figure the summary shows: a count or share, an amount, or amounts in several currencies. */
type Figure = number | Money | Money[];

function figure(key: string, v: Figure): string {
  if (Array.isArray(v)) return v.length ? v.map(money).join(' + ') : '—';
  if (isMoney(v)) return money(v);
  if (RATIOS.has(key))
    return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  return new Intl.NumberFormat().format(v);
}

/** GET /api/admin/stats may not exist on this server; its totals (or top-level figures) are shown when it does. */
async function loadStats() {
  const status = element(adminIds.statsStatus);
  try {
    const stats = await api<z.infer<typeof AdminStats>>('/api/admin/stats');
    const source: Record<string, unknown> = stats.totals ?? stats;
    const figures = Object.entries(source).filter(
      (entry): entry is [string, Figure] =>
        typeof entry[1] === 'number' || isMoney(entry[1]) || (Array.isArray(entry[1]) && entry[1].every(isMoney)),
    );
    fill(
      element(adminIds.statsSummary),
      figures.map(([k, v]) => h('div', {}, h('dt', {}, words(k)), h('dd', {}, figure(k, v)))),
    );
    status.textContent = figures.length ? '' : 'No figures yet.';
  } catch (err) {
    status.textContent =
      err instanceof ApiProblem && err.status === 404
        ? 'Sales figures are not available on this server; see the counts per show below.'
        : problemMessage(err);
  }
}

function stateWords(state: string | null | undefined): string {
  return (state ?? 'not started')
    .replace('onSale.', 'on sale: ')
    .replace('allHeld', 'all held')
    .replace('soldOut', 'sold out');
}

/** `quiet` (a periodic refresh) keeps the table in place instead of blanking it while it loads. */
async function loadShows(venueId: string, quiet = false) {
  const status = element(adminIds.showsStatus);
  const table = element(adminIds.showsTable, HTMLTableElement);
  if (!quiet) table.hidden = true;
  if (!venueId) return;
  if (!quiet) status.textContent = 'Loading…';
  try {
    const venue = await api<z.infer<typeof VenueDetails>>(`/api/venues/${encodeURIComponent(venueId)}`);
    const shows = venue.halls
      .flatMap((hall) => hall.shows.map((s) => ({ ...s, hall: hall.name })))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, MAX_SHOWS);
    const details = await Promise.all(
      shows.map((s) => api<ShowDetails>(`/api/shows/${encodeURIComponent(s.showId)}`).catch(() => null)),
    );
    const num = (n: number | undefined) =>
      h('td', { class: 'num' }, n === undefined ? '—' : new Intl.NumberFormat().format(n));
    const rows = table.tBodies[0];
    if (!rows) throw new Error('The shows table has no body');
    fill(
      rows,
      shows.map((s, i) => {
        const d = details[i];
        return h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row', class: 'wrap' },
            h('a', { href: `/shows/${encodeURIComponent(s.showId)}` }, s.title),
            ` · ${s.hall}`,
          ),
          h('td', {}, h('time', { datetime: s.startsAt }, venueTime(s.startsAt, s.timeZone))),
          h('td', {}, stateWords(d?.state ?? s.state)),
          num(d?.capacity),
          num(d?.available ?? s.availableSeats),
          num(d?.held),
          num(d?.booked),
          num(d?.waitlistLength),
          h(
            'td',
            {},
            h(
              'a',
              { href: `/admin/events/${encodeURIComponent(s.eventId)}` },
              'Manage',
              h('span', { class: 'visually-hidden' }, ` ${s.title}`),
            ),
            ' · ',
            h(
              'a',
              { href: `/inspect?show=${encodeURIComponent(s.showId)}` },
              'Inspect',
              h('span', { class: 'visually-hidden' }, ` ${s.title}`),
            ),
          ),
        );
      }),
    );
    element(adminIds.showsCaption).textContent =
      `${venue.name}: upcoming shows, live counts as of ${new Date().toLocaleTimeString()}`;
    table.hidden = shows.length === 0;
    status.textContent = shows.length === 0 ? 'No upcoming shows at this venue.' : '';
  } catch (err) {
    status.textContent = problemMessage(err);
  }
}

async function main() {
  await requireAdmin(adminIds.adminBody);
  loadStats();
  const select = element(adminIds.venue, HTMLSelectElement);
  try {
    const venues = await api<z.infer<typeof VenueList>>('/api/venues');
    fill(
      select,
      venues.map((v) => h('option', { value: v.venueId }, `${v.name} (${v.city.name}) · ${v.upcomingShows} upcoming`)),
    );
  } catch (err) {
    element(adminIds.showsStatus).textContent = problemMessage(err);
    return;
  }
  select.addEventListener('change', () => loadShows(select.value));
  loadShows(select.value);
  setInterval(() => {
    if (document.hidden) return;
    loadStats();
    loadShows(select.value, true);
  }, REFRESH_MS);
}

main();
