import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import type { GeoPoint } from './catalog.js';
import {
  eventSearchDocument,
  eventSpellingText,
  events,
  postalKeySql,
  SEARCH_FOLD_FROM,
  SEARCH_FOLD_TO,
  searchVector,
  venues,
  type EventCategory,
  type HallLayout,
} from '../schema/index.js';

/** More words than this in one query add nothing but cost; the rest are ignored. */
const MAX_TERMS = 8;

export const eventSorts = ['relevance', 'date', 'name', 'rating', 'popularity', 'distance'] as const;
export type EventSort = (typeof eventSorts)[number];
export type SortOrder = 'asc' | 'desc';
/** One key of a sort; without an order it takes the search's `order`, else the key's natural one. */
export interface SortTerm {
  key: EventSort;
  order?: SortOrder;
}

/** The natural direction of each sort: soonest, A to Z, best or busiest first, nearest first. */
const naturalOrder: Record<EventSort, SortOrder> = {
  relevance: 'desc',
  date: 'asc',
  name: 'asc',
  rating: 'desc',
  popularity: 'desc',
  distance: 'asc',
};

/** More keys than this add nothing a person can see in a list. */
const MAX_SORT_KEYS = 3;

export type SortParse = { ok: true; terms: SortTerm[] } | { ok: false; message: string };

/**
 * The seed's sort vocabulary: keys separated by commas, each run of keys optionally closed by a
 * direction that applies to the whole run, so `name,date,asc` sorts by name then date, both
 * ascending, and `name,asc,date,desc` gives each its own. A bare key keeps its natural direction.
 */
export function parseSort(text: string): SortParse {
  const terms: SortTerm[] = [];
  let open = 0;
  for (const raw of text.split(',')) {
    const token = raw.trim().toLowerCase();
    if (token === 'asc' || token === 'desc') {
      if (open === 0) return { ok: false, message: `"${token}" must follow a key` };
      for (const term of terms.slice(-open)) term.order = token;
      open = 0;
    } else if ((eventSorts as readonly string[]).includes(token)) {
      if (terms.some((t) => t.key === token)) return { ok: false, message: `"${token}" appears twice` };
      terms.push({ key: token as EventSort });
      open++;
    } else {
      return { ok: false, message: `"${raw.trim()}" is not one of ${eventSorts.join(', ')}, asc, desc` };
    }
  }
  if (terms.length > MAX_SORT_KEYS) return { ok: false, message: `at most ${MAX_SORT_KEYS} keys` };
  return { ok: true, terms };
}

/** Mean Earth radius (IUGG), km: the haversine's sphere. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between a venue (aliased `v`) and a point, or null without coordinates. */
function distanceSql(near: GeoPoint): SQL {
  const { latitude: lat, longitude: lng } = near;
  return sql`(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
    power(sin(radians(v.latitude - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(v.latitude)) * power(sin(radians(v.longitude - ${lng}::float8) / 2), 2)))))`;
}

/**
 * A box around the circle that the venues index can range over; the exact distance is then checked on
 * the few rows inside. Near a pole the box spans every longitude; across the antimeridian it is two.
 */
export function boundingBoxSql(near: GeoPoint, radiusKm: number): SQL {
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const latRange = sql`v.latitude between ${near.latitude - dLat}::float8 and ${near.latitude + dLat}::float8`;
  if (Math.abs(near.latitude) + dLat >= 90) return latRange;
  const dLng = dLat / Math.cos((near.latitude * Math.PI) / 180);
  if (dLng >= 180) return latRange;
  const west = near.longitude - dLng;
  const east = near.longitude + dLng;
  if (west < -180) return sql`${latRange} and (v.longitude >= ${west + 360}::float8 or v.longitude <= ${east}::float8)`;
  if (east > 180) return sql`${latRange} and (v.longitude >= ${west}::float8 or v.longitude <= ${east - 360}::float8)`;
  return sql`${latRange} and v.longitude between ${west}::float8 and ${east}::float8`;
}

/** The query side of the venues' postal-code index: spaces off, upper case, wildcards taken literally. */
export function postalPrefix(code: string): string {
  return code
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/[\\%_]/g, '\\$&');
}

/**
 * The words of a search box, lower-cased, at most MAX_TERMS of them. Each becomes a prefix term, so
 * "beeth" finds Beethoven. Single letters are dropped when longer words exist: "Beethoven's" splits
 * into "beethoven" and "s", and "s" would only demand some word starting with s.
 */
export function searchTerms(q: string | undefined): string[] {
  const words = (q ?? '').normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  const longer = words.filter((w) => [...w].length > 1);
  const picked = (longer.length > 0 ? longer : words).map((w) => w.toLowerCase());
  return [...new Set(picked)].slice(0, MAX_TERMS);
}

const FOLD = new Map([...SEARCH_FOLD_FROM].map((ch, i) => [ch, SEARCH_FOLD_TO[i]!]));

/** The query-side twin of the index's fold (schema `foldSql`): accents off, lower case. */
export function foldSearchText(text: string): string {
  return [...text.toLowerCase()].map((ch) => FOLD.get(ch) ?? ch).join('');
}

/**
 * One word as a tsquery: its English stem or its folded spelling, either as a prefix, mirroring the
 * two halves of `searchVector`. The word holds letters, marks and digits only, so quoting it is safe;
 * an English stop word yields an empty query, which `||` ignores.
 */
function termQuery(word: string): SQL {
  return sql`(to_tsquery('english'::regconfig, ${`'${word}':*`}) || to_tsquery('simple'::regconfig, ${`'${foldSearchText(word)}':*`}))`;
}

/**
 * Seats a listing may promise for one show: what its actor last published in `show_stats`, or the
 * hall's capacity while the show has never been activated. A show whose sales closed offers none.
 * Expects the aliases `h` (halls) and `st` (show_stats, left-joined).
 */
const availableSql = sql`(case when st.state = 'salesClosed' or st.state = 'cancelled' then 0
  else coalesce(st.available, h.capacity) end)`;

/** Epoch milliseconds of a timestamptz as a plain number (the driver leaves timestamps as text). */
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface CityRef {
  cityId: string;
  name: string;
}

/** Cities, except those whose every venue was removed. */
export async function listCities(db: Executor): Promise<CityRef[]> {
  const rows = await db.execute<{ id: string; name: string }>(sql`select id, name from cities c
    where not exists (select 1 from venues v where v.city_id = c.id)
      or exists (select 1 from venues v where v.city_id = c.id and v.deleted_at is null)
    order by name, id`);
  return rows.map((r) => ({ cityId: r.id, name: r.name }));
}

export interface EventSearch {
  /** Shows at or before this instant are over: they count for nothing. */
  now: Date;
  city?: string;
  category?: EventCategory;
  q?: string;
  /** Shows starting at or after this instant. */
  from?: Date;
  /** Shows starting at or before this instant. */
  to?: Date;
  /** A place: only venues with coordinates, each result with its distance in km from here. */
  near?: GeoPoint;
  /** With `near`: only venues at most this far (great-circle km). */
  radiusKm?: number;
  /** A postal code or its beginning, compared without spaces or case. */
  postalCode?: string;
  /** A category with at most this percentage of its seats left is almost full (default 10). */
  almostFullPercent?: number;
  /** Also match words that resemble those of `q` (pg_trgm), and suggest a spelling when few match. */
  spellCheck?: boolean;
  /** Defaults to relevance when `q` has words, else to date. Distance needs `near`. */
  sort?: EventSort | SortTerm[];
  order?: SortOrder;
  page: number;
  pageSize: number;
}

export interface EventListItem {
  eventId: string;
  title: string;
  category: EventCategory;
  genre: string | null;
  language: string | null;
  durationMinutes: number | null;
  rating: string | null;
  cities: CityRef[];
  nextShowAt: string | null;
  availableSeats: number;
  showCount: number;
  bookedSeats: number;
  relevance: number | null;
  /** Km from `near` to the nearest venue of the listed shows; null without `near`. */
  distanceKm: number | null;
  /** The soonest MAX_SHOWS_PER_ITEM of those shows, each with its seat categories. */
  shows: ListedShow[];
}

export type SeatStatus = 'available' | 'almost_full' | 'full';

export interface ListedShow {
  showId: string;
  startsAt: string;
  /** The venue's IANA zone: show times are written on its clock. */
  timeZone: string;
  venue: { venueId: string; name: string; postalCode: string };
  city: CityRef;
  distanceKm: number | null;
  /** The actor's published state; null until the show's actor has run once. */
  state: string | null;
  categories: {
    category: string;
    price: { amount: number; currency: string };
    capacity: number;
    available: number;
    status: SeatStatus;
  }[];
}

type ListedShowRow = {
  show_id: string;
  starts_at: number;
  venue_id: string;
  venue_name: string;
  postal_code: string;
  time_zone: string;
  city_id: string;
  city_name: string;
  distance_km: number | null;
  state: string | null;
  currency: string;
  categories: { category: string; price: number; capacity: number; available: number }[];
};

/** How many of an event's matching shows a listing item spells out; showCount counts them all. */
export const MAX_SHOWS_PER_ITEM = 10;
export const DEFAULT_ALMOST_FULL_PERCENT = 10;

/**
 * A category is full with nothing left and almost full with at most `almostFullPercent` of its
 * capacity left; a category without capacity counts as full.
 */
export function seatStatus(available: number, capacity: number, almostFullPercent: number): SeatStatus {
  if (available <= 0 || capacity <= 0) return 'full';
  return available * 100 <= capacity * almostFullPercent ? 'almost_full' : 'available';
}

const roundKm = (km: number | null) => (km === null ? null : Math.round(km * 1000) / 1000);

function listedShow(r: ListedShowRow, almostFullPercent: number): ListedShow {
  return {
    showId: r.show_id,
    startsAt: toIso(r.starts_at)!,
    timeZone: r.time_zone,
    venue: { venueId: r.venue_id, name: r.venue_name, postalCode: r.postal_code },
    city: { cityId: r.city_id, name: r.city_name },
    distanceKm: roundKm(r.distance_km),
    state: r.state,
    categories: r.categories.map((c) => ({
      category: c.category,
      price: { amount: c.price, currency: r.currency },
      capacity: c.capacity,
      available: c.available,
      status: seatStatus(c.available, c.capacity, almostFullPercent),
    })),
  };
}

/**
 * The soonest shows of one page item (alias `page`), from `listed_shows`, each category with its
 * price, its capacity (`category_capacity`) and the seats its actor last published in
 * `show_stats` (the whole category while the actor never ran; none once sales closed). Runs for
 * the page's items only, and asks no actor anything.
 */
const listedShowsSql = sql`(select coalesce(jsonb_agg(jsonb_build_object(
    'show_id', ms.show_id, 'starts_at', ${epochMs(sql`ms.starts_at`)}, 'venue_id', ms.venue_id,
    'venue_name', ms.venue_name, 'postal_code', ms.postal_code, 'time_zone', ms.time_zone, 'city_id', ms.city_id, 'city_name', ms.city_name,
    'distance_km', ms.distance_km, 'state', ms.state, 'currency', s.currency,
    'categories', (
      select coalesce(jsonb_agg(jsonb_build_object('category', p.def->>'category', 'price', (p.def->>'price')::int,
        'capacity', coalesce(cap.n, 0),
        'available', case when ms.state in ('salesClosed', 'cancelled') then 0
          else coalesce((select (pub->>'available')::int from jsonb_array_elements(ms.published) pub
            where pub->>'category' = p.def->>'category' limit 1), cap.n, 0) end) order by p.ord), '[]'::jsonb)
      from jsonb_array_elements(s.prices) with ordinality as p(def, ord)
      left join category_capacity cap on cap.hall_id = s.hall_id and cap.category = p.def->>'category'
    )) order by ms.starts_at, ms.show_id), '[]'::jsonb)
  from listed_shows ms
  join shows s on s.id = ms.show_id
  where ms.event_id = page.id)`;

/**
 * Seats per category of the halls of the listed shows, from their layouts: each layout is read once
 * per search, not once per show and category (a stadium layout has hundreds of rows), and only for
 * the page being answered.
 */
const categoryCapacitySql = sql`select h.id as hall_id, part.category, sum(part.n)::int as n
  from halls h
  cross join lateral (
    select sec->>'category' as category, (sec->>'capacity')::int as n
    from jsonb_array_elements(h.layout->'sections') sec where sec->>'kind' = 'general'
    union all
    select r->>'category', (r->>'seats')::int
    from jsonb_array_elements(h.layout->'sections') sec cross join lateral jsonb_array_elements(sec->'rows') r
    where sec->>'kind' = 'reserved'
  ) part
  where h.id in (select hall_id from listed_shows)
  group by h.id, part.category`;

export interface EventPage {
  items: EventListItem[];
  total: number;
  /** With `spellCheck`, when the words as typed found little: the catalog's nearest spelling of them. */
  didYouMean: string | null;
}

type EventListRow = {
  total: number;
  exact_total: number;
  id: string | null;
  title: string;
  category: EventCategory;
  genre: string | null;
  language: string | null;
  duration_minutes: number | null;
  rating: string | null;
  cities: CityRef[];
  next_show_at: number;
  available_seats: number;
  booked_seats: number;
  show_count: number;
  relevance: number | null;
  distance_km: number | null;
  shows: ListedShowRow[];
};

/**
 * What is on: events with at least one upcoming show that passes the city and date filters, with
 * their next show, seats left and bookings over those shows, one page at a time.
 *
 * `q` must match every word (as a prefix) somewhere in the title, performers, genre, description or
 * the names of the venues of those shows; the rank weighs the title most, then performers, then genre
 * and venue names, then the description. The GIN indexes on the
 * event document and on venue names pick the candidates; the full match and the rank then run on
 * those few rows only.
 */
export async function searchEvents(db: Executor, search: EventSearch): Promise<EventPage> {
  const terms = searchTerms(search.q);
  const asked: SortTerm[] =
    search.sort === undefined
      ? [{ key: 'relevance' }]
      : typeof search.sort === 'string'
        ? [{ key: search.sort }]
        : search.sort;
  // Without words there is nothing to rank, and without a place no distance; the route refuses those, this keeps them harmless.
  const sortTerms = asked
    .map((t) => (t.key === 'relevance' && terms.length === 0 ? { ...t, key: 'date' as const } : t))
    .filter((t, i, all) => (t.key !== 'distance' || search.near) && all.findIndex((u) => u.key === t.key) === i);
  const now = search.now.toISOString();
  const near = search.near;

  const queryAll = terms.length > 0 ? sql.join(terms.map(termQuery), sql` && `) : null;
  const queryAny = terms.length > 0 ? sql.join(terms.map(termQuery), sql` || `) : null;
  const venueNames = sql`per_event.venue_names`;
  const document = sql`(${eventSearchDocument(events)} || ${searchVector(venueNames, 'C')})`;

  const showFilters: SQL[] = [
    sql`s.starts_at > ${now}::timestamptz`,
    sql`st.state is distinct from 'cancelled'`,
    sql`s.deleted_at is null`,
    sql`v.deleted_at is null`,
  ];
  if (search.city !== undefined) showFilters.push(sql`v.city_id = ${search.city}`);
  if (search.postalCode !== undefined) {
    showFilters.push(sql`${postalKeySql(sql`v.postal_code`)} like ${`${postalPrefix(search.postalCode)}%`}`);
  }
  if (near) {
    showFilters.push(sql`v.latitude is not null`);
    if (search.radiusKm !== undefined) {
      showFilters.push(boundingBoxSql(near, search.radiusKm), sql`${distanceSql(near)} <= ${search.radiusKm}::float8`);
    }
  }
  if (search.from) showFilters.push(sql`s.starts_at >= ${search.from.toISOString()}::timestamptz`);
  if (search.to) showFilters.push(sql`s.starts_at <= ${search.to.toISOString()}::timestamptz`);
  const spelling = eventSpellingText(events);
  const fuzzy =
    search.spellCheck && terms.length > 0 ? terms.map((t) => sql`${foldSearchText(t)} <% ${spelling}`) : null;
  if (queryAny) {
    // Candidates only: events whose own text, or one of whose venues, matches any word (or, spell-checked, resembles it).
    showFilters.push(sql`s.event_id in (
      select ${events.id} from ${events} where ${eventSearchDocument(events)} @@ (${queryAny})
      ${fuzzy ? sql`union select ${events.id} from ${events} where ${sql.join(fuzzy, sql` or `)}` : sql``}
      union
      select vs.event_id from shows vs join halls vh on vh.id = vs.hall_id
      where vh.venue_id in (select ${venues.id} from ${venues} where ${searchVector(venues.name)} @@ (${queryAny})))`);
  }
  const eventFilters: SQL[] = [sql`${events.deletedAt} is null`];
  if (search.category !== undefined) eventFilters.push(sql`${events.category} = ${search.category}`);
  const exact = queryAll ? sql`${document} @@ (${queryAll})` : sql`true`;
  // Spell-checked, an event also matches when each word resembles a word of its title, performers or genre.
  if (queryAll) eventFilters.push(fuzzy ? sql`(${exact} or (${sql.join(fuzzy, sql` and `)}))` : exact);
  const similarity = fuzzy
    ? sql`(${sql.join(
        terms.map((t) => sql`word_similarity(${foldSearchText(t)}, ${spelling})`),
        sql` + `,
      )}) / ${terms.length}`
    : null;

  const sortColumn: Record<EventSort, string> = {
    relevance: 'relevance',
    date: 'next_show_at',
    name: 'lower(title)',
    // No review scores exist yet, so this orders by the rating label the event carries.
    rating: 'rating',
    popularity: 'booked_seats',
    distance: 'distance_km',
  };
  const orderBy = sql.raw(
    [
      ...sortTerms.map((t) => `${sortColumn[t.key]} ${t.order ?? search.order ?? naturalOrder[t.key]} nulls last`),
      'next_show_at asc',
      'lower(title) asc',
      'id asc',
    ].join(', '),
  );

  const rows = await db.execute<EventListRow>(sql`
    with matched_shows as (
      select s.id as show_id, s.event_id, s.starts_at, s.hall_id, v.id as venue_id, v.name as venue_name,
        v.postal_code, v.time_zone, c.id as city_id, c.name as city_name, st.state, st.categories as published,
        ${availableSql} as available, coalesce(st.booked, 0) as booked,
        ${near ? distanceSql(near) : sql`null::float8`} as distance_km
      from shows s
      join halls h on h.id = s.hall_id
      join venues v on v.id = h.venue_id
      join cities c on c.id = v.city_id
      left join show_stats st on st.show_id = s.id
      where ${sql.join(showFilters, sql` and `)}
    ),
    per_event as (
      select event_id, min(starts_at) as next_show_at, sum(available)::int as available_seats,
        sum(booked)::int as booked_seats, count(*)::int as show_count,
        jsonb_agg(distinct jsonb_build_object('cityId', city_id, 'name', city_name)) as cities,
        string_agg(distinct venue_name, ' ') as venue_names, min(distance_km) as distance_km
      from matched_shows
      group by event_id
    ),
    matched as (
      select ${events.id} as id, ${events.title} as title, ${events.category} as category, ${events.genre} as genre,
        ${events.language} as language, ${events.durationMinutes} as duration_minutes, ${events.rating} as rating,
        per_event.cities, ${epochMs(sql`per_event.next_show_at`)} as next_show_at, per_event.available_seats,
        per_event.booked_seats, per_event.show_count, per_event.distance_km,
        ${
          queryAll
            ? // A spelling match ranks below any exact one: ts_rank of an exact match is well above this share.
              sql`ts_rank(${document}, ${queryAll}) ${similarity ? sql`+ 0.001 * ${similarity}` : sql``}`
            : sql`null::real`
        } as relevance,
        ${exact} as exact
      from per_event
      join ${events} on ${events.id} = per_event.event_id
      where ${sql.join(eventFilters, sql` and `)}
    ),
    page as materialized (
      select * from matched
      order by ${orderBy}
      limit ${search.pageSize} offset ${(search.page - 1) * search.pageSize}
    ),
    listed_shows as materialized (
      select * from (
        select ms.*, row_number() over (partition by ms.event_id order by ms.starts_at, ms.show_id) as nth
        from matched_shows ms where ms.event_id in (select id from page)
      ) numbered
      where nth <= ${MAX_SHOWS_PER_ITEM}
    ),
    category_capacity as materialized (${categoryCapacitySql})
    select counted.total, counted.exact_total, page.*, ${listedShowsSql} as shows
    from (select count(*)::int as total, (count(*) filter (where exact))::int as exact_total from matched) counted
    left join page on true
    order by ${orderBy}`);

  const almostFull = search.almostFullPercent ?? DEFAULT_ALMOST_FULL_PERCENT;
  const total = rows[0]?.total ?? 0;
  const exactTotal = rows[0]?.exact_total ?? 0;
  const didYouMean = search.spellCheck && exactTotal < FEW_RESULTS ? await suggestSpelling(db, terms) : null;
  const items = rows
    .filter((r): r is EventListRow & { id: string } => r.id !== null)
    .map((r) => ({
      eventId: r.id,
      title: r.title,
      category: r.category,
      genre: r.genre,
      language: r.language,
      durationMinutes: r.duration_minutes,
      rating: r.rating,
      cities: sortCities(r.cities),
      nextShowAt: toIso(r.next_show_at),
      availableSeats: r.available_seats,
      showCount: r.show_count,
      bookedSeats: r.booked_seats,
      relevance: r.relevance,
      distanceKm: roundKm(r.distance_km),
      shows: r.shows.map((show) => listedShow(show, almostFull)),
    }));
  return { items, total, didYouMean };
}

/** Fewer exact matches than this, and a spell-checked search suggests another spelling. */
const FEW_RESULTS = 3;
/** How alike (pg_trgm similarity, 0..1) a catalog word must be to a typed one to be suggested. */
const SUGGEST_SIMILARITY = 0.3;

/**
 * Each typed word replaced by the most similar word of the catalog's titles, performers and genres,
 * unless it is one of them already; null when nothing would change. The trigram index finds the
 * few events that resemble a word, and only their words are compared.
 */
async function suggestSpelling(db: Executor, terms: string[]): Promise<string | null> {
  if (terms.length === 0) return null;
  const folded = terms.map(foldSearchText);
  const spelling = eventSpellingText(events);
  const rows = await db.execute<{ term: string; best: string | null }>(sql`
    select t.term, (
      select w.word from (
        select distinct regexp_split_to_table(${spelling}, '[^[:alnum:]]+') as word
        from ${events} where ${events.deletedAt} is null and t.term <% ${spelling}
      ) w
      where w.word <> '' and similarity(w.word, t.term) >= ${SUGGEST_SIMILARITY}
      order by w.word = t.term desc, similarity(w.word, t.term) desc, w.word
      limit 1
    ) as best
    from unnest(${sql.raw('ARRAY[')}${sql.join(
      folded.map((f) => sql`${f}`),
      sql`, `,
    )}${sql.raw(']::text[]')}) with ordinality as t(term, n)
    order by t.n`);
  const words = rows.map((r) => r.best ?? r.term);
  return words.some((w, i) => w !== folded[i]) ? words.join(' ') : null;
}

function sortCities(list: CityRef[]): CityRef[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name) || a.cityId.localeCompare(b.cityId));
}

export interface VenueRef {
  venueId: string;
  name: string;
  address: string;
  postalCode: string;
  location: GeoPoint | null;
  /** IANA zone: the venue's shows are set and shown on its clock. */
  timeZone: string;
}

const locationOf = (latitude: number | null, longitude: number | null): GeoPoint | null =>
  latitude === null || longitude === null ? null : { latitude, longitude };

export interface ShowListing {
  showId: string;
  startsAt: string;
  endsAt: string;
  /** The venue's IANA zone, also on `venue`, beside the times it is for. */
  timeZone: string;
  venue: VenueRef;
  hall: { hallId: string; name: string };
  city: CityRef;
  /** The actor's published state; null until the show's actor has run once. */
  state: string | null;
  salesOpenAt: string | null;
  capacity: number;
  availableSeats: number;
  prices: { category: string; price: { amount: number; currency: string } }[];
}

type ShowListingRow = {
  show_id: string;
  event_id: string;
  title: string;
  category: EventCategory;
  starts_at: number;
  ends_at: number;
  venue_id: string;
  venue_name: string;
  venue_address: string;
  venue_postal_code: string;
  venue_latitude: number | null;
  venue_longitude: number | null;
  venue_time_zone: string;
  hall_id: string;
  hall_name: string;
  city_id: string;
  city_name: string;
  state: string | null;
  sales_open_at: number | null;
  capacity: number;
  available: number;
  currency: string;
  prices: { category: string; price: number }[];
};

/** Upcoming shows with their venue, hall, city and seats left, soonest first. */
async function upcomingShows(
  db: Executor,
  filter: { now: Date; eventId?: string; venueId?: string; city?: string; from?: Date; to?: Date },
): Promise<ShowListingRow[]> {
  const where: SQL[] = [
    sql`s.starts_at > ${filter.now.toISOString()}::timestamptz`,
    sql`s.deleted_at is null`,
    sql`e.deleted_at is null`,
    sql`v.deleted_at is null`,
  ];
  if (filter.eventId !== undefined) where.push(sql`s.event_id = ${filter.eventId}`);
  if (filter.venueId !== undefined) where.push(sql`v.id = ${filter.venueId}`);
  if (filter.city !== undefined) where.push(sql`c.id = ${filter.city}`);
  if (filter.from) where.push(sql`s.starts_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) where.push(sql`s.starts_at <= ${filter.to.toISOString()}::timestamptz`);
  const rows = await db.execute<ShowListingRow>(sql`
    select s.id as show_id, s.event_id, e.title, e.category, ${epochMs(sql`s.starts_at`)} as starts_at, ${epochMs(sql`s.ends_at`)} as ends_at,
      v.id as venue_id, v.name as venue_name, v.address as venue_address, v.postal_code as venue_postal_code,
      v.latitude as venue_latitude, v.longitude as venue_longitude, v.time_zone as venue_time_zone, h.id as hall_id, h.name as hall_name,
      c.id as city_id, c.name as city_name, st.state, ${epochMs(sql`s.sales_open_at`)} as sales_open_at,
      h.capacity, ${availableSql} as available, s.currency, s.prices
    from shows s
    join events e on e.id = s.event_id
    join halls h on h.id = s.hall_id
    join venues v on v.id = h.venue_id
    join cities c on c.id = v.city_id
    left join show_stats st on st.show_id = s.id
    where ${sql.join(where, sql` and `)}
    order by s.starts_at, s.id`);
  return [...rows];
}

function showListing(r: ShowListingRow): ShowListing {
  return {
    showId: r.show_id,
    startsAt: toIso(r.starts_at)!,
    endsAt: toIso(r.ends_at)!,
    timeZone: r.venue_time_zone,
    venue: {
      venueId: r.venue_id,
      name: r.venue_name,
      address: r.venue_address,
      postalCode: r.venue_postal_code,
      location: locationOf(r.venue_latitude, r.venue_longitude),
      timeZone: r.venue_time_zone,
    },
    hall: { hallId: r.hall_id, name: r.hall_name },
    city: { cityId: r.city_id, name: r.city_name },
    state: r.state,
    salesOpenAt: toIso(r.sales_open_at),
    capacity: r.capacity,
    availableSeats: r.available,
    prices: r.prices.map((p) => ({ category: p.category, price: { amount: p.price, currency: r.currency } })),
  };
}

export interface EventDetails {
  eventId: string;
  title: string;
  category: EventCategory;
  description: string;
  genre: string | null;
  language: string | null;
  durationMinutes: number | null;
  rating: string | null;
  performers: string[];
  details: Record<string, unknown>;
  /** Mean review rating, one decimal; null while the event has no review. */
  reviewAverage: number | null;
  reviewCount: number;
  cities: CityRef[];
  nextShowAt: string | null;
  availableSeats: number;
  shows: ShowListing[];
}

/**
 * An event with its upcoming shows, soonest first (optionally in one city). Cancelled shows stay in
 * the list, marked by their state, so a ticket holder sees what happened; the totals skip them.
 */
export async function getEventDetails(
  db: Executor,
  eventId: string,
  opts: { now: Date; city?: string },
): Promise<EventDetails | null> {
  const [event] = await db.execute<{
    id: string;
    title: string;
    category: EventCategory;
    description: string;
    genre: string | null;
    language: string | null;
    duration_minutes: number | null;
    rating: string | null;
    performers: string[];
    details: Record<string, unknown>;
    review_average: number | null;
    review_count: number;
  }>(sql`select id, title, category, description, genre, language, duration_minutes, rating, performers, details,
      (select round(avg(r.rating), 1)::float8 from reviews r where r.event_id = events.id) as review_average,
      (select count(*)::int from reviews r where r.event_id = events.id) as review_count
    from events where id = ${eventId} and deleted_at is null`);
  if (!event) return null;
  const shows = (await upcomingShows(db, { now: opts.now, eventId, city: opts.city })).map(showListing);
  const live = shows.filter((s) => s.state !== 'cancelled');
  const cities = new Map(live.map((s) => [s.city.cityId, s.city]));
  return {
    eventId: event.id,
    title: event.title,
    category: event.category,
    description: event.description,
    genre: event.genre,
    language: event.language,
    durationMinutes: event.duration_minutes,
    rating: event.rating,
    performers: event.performers,
    details: event.details,
    reviewAverage: event.review_average,
    reviewCount: event.review_count,
    cities: sortCities([...cities.values()]),
    nextShowAt: live[0]?.startsAt ?? null,
    availableSeats: live.reduce((sum, s) => sum + s.availableSeats, 0),
    shows,
  };
}

export interface HallSummary {
  hallId: string;
  name: string;
  capacity: number;
}

/**
 * A venue with its city as both venue reads select it (`venueCityColumns`, from venues v join cities c).
 * A type, not an interface: `execute` wants a row type that fits `Record<string, unknown>`.
 */
type VenueCityRow = {
  id: string;
  name: string;
  address: string;
  postal_code: string;
  latitude: number | null;
  longitude: number | null;
  time_zone: string;
  city_id: string;
  city_name: string;
};

const venueCityColumns = sql`v.id, v.name, v.address, v.postal_code, v.latitude, v.longitude, v.time_zone, c.id as city_id, c.name as city_name`;

function venueWithCity(r: VenueCityRow): VenueRef & { city: CityRef } {
  return {
    venueId: r.id,
    name: r.name,
    address: r.address,
    postalCode: r.postal_code,
    location: locationOf(r.latitude, r.longitude),
    timeZone: r.time_zone,
    city: { cityId: r.city_id, name: r.city_name },
  };
}

export interface VenueSummary extends VenueRef {
  city: CityRef;
  halls: HallSummary[];
  upcomingShows: number;
}

/** Venues (optionally of one city) by name, with their halls and how many shows are coming up. */
export async function listVenues(db: Executor, opts: { now: Date; city?: string }): Promise<VenueSummary[]> {
  const rows = await db.execute<VenueCityRow & { halls: HallSummary[]; upcoming_shows: number }>(sql`
    select ${venueCityColumns},
      coalesce((select jsonb_agg(jsonb_build_object('hallId', h.id, 'name', h.name, 'capacity', h.capacity)
        order by h.name, h.id) from halls h where h.venue_id = v.id), '[]'::jsonb) as halls,
      (select count(*)::int from shows s join halls h on h.id = s.hall_id left join show_stats st on st.show_id = s.id
        where h.venue_id = v.id and s.starts_at > ${opts.now.toISOString()}::timestamptz
          and s.deleted_at is null and st.state is distinct from 'cancelled') as upcoming_shows
    from venues v
    join cities c on c.id = v.city_id
    where v.deleted_at is null ${opts.city !== undefined ? sql`and c.id = ${opts.city}` : sql``}
    order by v.name, v.id`);
  return rows.map((r) => ({ ...venueWithCity(r), halls: r.halls, upcomingShows: r.upcoming_shows }));
}

export interface VenueShow {
  showId: string;
  eventId: string;
  title: string;
  category: EventCategory;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  state: string | null;
  availableSeats: number;
}

export interface VenueDetails extends VenueRef {
  city: CityRef;
  halls: (HallSummary & {
    seating: 'reserved' | 'general' | 'mixed';
    sections: { name: string; kind: 'reserved' | 'general'; capacity: number; categories: string[] }[];
    shows: VenueShow[];
  })[];
}

/** A venue, its halls with their sections, and each hall's upcoming shows (within from/to), soonest first. */
export async function getVenueDetails(
  db: Executor,
  venueId: string,
  opts: { now: Date; from?: Date; to?: Date },
): Promise<VenueDetails | null> {
  const [venue] = await db.execute<VenueCityRow>(
    sql`select ${venueCityColumns}
      from venues v join cities c on c.id = v.city_id where v.id = ${venueId} and v.deleted_at is null`,
  );
  if (!venue) return null;
  const [hallRows, showRows] = await Promise.all([
    db.execute<{ id: string; name: string; capacity: number; layout: HallLayout }>(
      sql`select id, name, capacity, layout from halls where venue_id = ${venueId} order by name, id`,
    ),
    upcomingShows(db, { now: opts.now, venueId, from: opts.from, to: opts.to }),
  ]);
  return {
    ...venueWithCity(venue),
    halls: hallRows.map((h) => ({
      hallId: h.id,
      name: h.name,
      capacity: h.capacity,
      seating: seatingOf(h.layout),
      sections: h.layout.sections.map((s) =>
        s.kind === 'general'
          ? { name: s.name, kind: s.kind, capacity: s.capacity, categories: [s.category] }
          : {
              name: s.name,
              kind: s.kind,
              capacity: s.rows.reduce((n, r) => n + r.seats, 0),
              categories: [...new Set(s.rows.map((r) => r.category))],
            },
      ),
      shows: showRows
        .filter((s) => s.hall_id === h.id)
        .map((s) => ({
          showId: s.show_id,
          eventId: s.event_id,
          title: s.title,
          category: s.category,
          startsAt: toIso(s.starts_at)!,
          endsAt: toIso(s.ends_at)!,
          timeZone: venue.time_zone,
          state: s.state,
          availableSeats: s.available,
        })),
    })),
  };
}

function seatingOf(layout: HallLayout): 'reserved' | 'general' | 'mixed' {
  const kinds = new Set(layout.sections.map((s) => s.kind));
  return kinds.size > 1 ? 'mixed' : kinds.has('general') ? 'general' : 'reserved';
}
