import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CategoryDef } from '../../actors/show/types.js';
import {
  normalizePolicy,
  policyProblem,
  defaultCancellationPolicy,
  type CancellationPolicy,
} from '../../policies/cancellation.js';
import { canonicalTimeZone } from '../../format/show-time.js';
import type { Executor } from '../client.js';
import {
  cities,
  eventCategories,
  events,
  halls,
  shows,
  venues,
  type CityRow,
  type EventCategory,
  type EventRow,
  type HallLayout,
  type HallRow,
  type ShowRow,
  type VenueRow,
} from '../schema/index.js';
import { CatalogError } from './catalog-errors.js';

/** Keeps one show's actor small enough to decide in microseconds; far above any real venue. */
const MAX_HALL_CAPACITY = 250_000;
const DEFAULT_SHOW_MINUTES = 120;

export interface VenueInput {
  /** Unset: a new random id. Set by an idempotent request, whose repeat finds the venue by it. */
  id?: string;
  name: string;
  /** An existing city id, or a city name (matched case-insensitively, created if new). */
  city: string;
  address?: string;
  postalCode?: string;
  location?: GeoPoint | null;
  /** IANA zone; unset: the zone of the city's other venues, or UTC in a city new to the catalog. */
  timeZone?: string | undefined;
  halls: { name: string; layout: HallLayout }[];
}

/** A zone's canonical spelling; anything Intl does not know as a zone is refused. */
export function checkTimeZone(zone: string, path = 'timeZone'): string {
  const canonical = canonicalTimeZone(zone);
  if (!canonical) invalid(`${path} must be an IANA time zone such as Europe/Berlin`);
  return canonical;
}

async function cityTimeZone(tx: Executor, cityId: string): Promise<string> {
  const [row] = await tx
    .select({ timeZone: venues.timeZone })
    .from(venues)
    .where(and(eq(venues.cityId, cityId), isNull(venues.deletedAt)))
    .orderBy(venues.createdAt)
    .limit(1);
  return row?.timeZone ?? 'UTC';
}

/** A place in WGS 84 degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Checks a venue's coordinates (the database checks them too, but this says which one is wrong). */
export function checkLocation(location: GeoPoint | null | undefined, path = 'location'): GeoPoint | null {
  if (location == null) return null;
  const { latitude, longitude } = location;
  if (typeof latitude !== 'number' || !(latitude >= -90 && latitude <= 90)) invalid(`${path}.latitude must be -90..90`);
  if (typeof longitude !== 'number' || !(longitude >= -180 && longitude <= 180)) {
    invalid(`${path}.longitude must be -180..180`);
  }
  return { latitude, longitude };
}

/** Creates a venue with its halls in one transaction; each hall's capacity is derived from its layout. */
export async function createVenue(
  db: Executor,
  input: VenueInput,
): Promise<{ venueId: string; timeZone: string; halls: { hallId: string; name: string; capacity: number }[] }> {
  const name = requireText(input.name, 'name');
  const location = checkLocation(input.location);
  const timeZone = input.timeZone === undefined ? undefined : checkTimeZone(input.timeZone);
  if (input.halls.length === 0) invalid('a venue needs at least one hall');
  const planned = input.halls.map((h, i) => ({
    hallId: randomUUID(),
    name: requireText(h.name, `halls[${i}].name`),
    layout: h.layout,
    capacity: layoutCapacity(h.layout, `halls[${i}].layout`),
  }));
  const hallNames = new Set<string>();
  for (const h of planned) {
    if (hallNames.has(h.name.toLowerCase())) invalid(`two halls are named "${h.name}"`);
    hallNames.add(h.name.toLowerCase());
  }

  return db.transaction(async (tx) => {
    const cityId = await resolveCity(tx, input.city);
    const venueId = input.id ?? randomUUID();
    const zone = timeZone ?? (await cityTimeZone(tx, cityId));
    await tx.insert(venues).values({
      id: venueId,
      name,
      cityId,
      address: input.address?.trim() ?? '',
      postalCode: input.postalCode?.trim() ?? '',
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      timeZone: zone,
    });
    await tx
      .insert(halls)
      .values(planned.map((h) => ({ id: h.hallId, venueId, name: h.name, layout: h.layout, capacity: h.capacity })));
    return {
      venueId,
      timeZone: zone,
      halls: planned.map(({ hallId, name: hallName, capacity }) => ({ hallId, name: hallName, capacity })),
    };
  });
}

/**
 * Checks a hall layout and returns its capacity (reserved seats plus general-admission places).
 * Row labels are unique across the whole hall because a seat id is `<row>-<number>` with no section.
 */
export function layoutCapacity(layout: HallLayout, path = 'layout'): number {
  if (!layout || !Array.isArray(layout.sections) || layout.sections.length === 0) {
    invalid(`${path}.sections must list at least one section`);
  }
  const sectionNames = new Set<string>();
  const rowLabels = new Set<string>();
  let capacity = 0;
  layout.sections.forEach((section, s) => {
    const at = `${path}.sections[${s}]`;
    const sectionName = requireText(section.name, `${at}.name`);
    if (sectionNames.has(sectionName)) invalid(`${at}.name: section "${sectionName}" appears twice`);
    sectionNames.add(sectionName);
    switch (section.kind) {
      case 'reserved':
        if (!Array.isArray(section.rows) || section.rows.length === 0) invalid(`${at}.rows must list at least one row`);
        section.rows.forEach((row, r) => {
          const label = requireText(row.row, `${at}.rows[${r}].row`);
          if (/[\s-]/.test(label)) invalid(`${at}.rows[${r}].row: "${label}" may not contain spaces or "-"`);
          if (rowLabels.has(label)) invalid(`${at}.rows[${r}].row: row "${label}" appears twice in the hall`);
          rowLabels.add(label);
          requireText(row.category, `${at}.rows[${r}].category`);
          capacity += requirePositiveInt(row.seats, `${at}.rows[${r}].seats`);
        });
        break;
      case 'general':
        requireText(section.category, `${at}.category`);
        capacity += requirePositiveInt(section.capacity, `${at}.capacity`);
        break;
      default:
        invalid(`${at}.kind must be "reserved" or "general"`);
    }
  });
  if (capacity > MAX_HALL_CAPACITY) invalid(`${path}: capacity ${capacity} is over the limit of ${MAX_HALL_CAPACITY}`);
  return capacity;
}

/** The categories a layout uses, in the order they first appear. */
export function layoutCategories(layout: HallLayout): string[] {
  const seen = new Set<string>();
  for (const section of layout.sections) {
    if (section.kind === 'general') seen.add(section.category);
    else for (const row of section.rows) seen.add(row.category);
  }
  return [...seen];
}

/** A city id for an existing city id or name; a new name creates the city. */
export async function resolveCity(tx: Executor, city: string): Promise<string> {
  const wanted = requireText(city, 'city');
  const byId = await tx.select({ id: cities.id }).from(cities).where(eq(cities.id, wanted)).limit(1);
  if (byId[0]) return byId[0].id;
  const byName = await tx
    .select({ id: cities.id })
    .from(cities)
    .where(sql`lower(${cities.name}) = lower(${wanted})`)
    .limit(1);
  if (byName[0]) return byName[0].id;
  const base = slugify(wanted);
  // A slug already taken by a differently spelled city gets a numeric suffix.
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const inserted = await tx
      .insert(cities)
      .values({ id, name: wanted })
      .onConflictDoNothing()
      .returning({ id: cities.id });
    if (inserted[0]) return inserted[0].id;
  }
}

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || `city-${Buffer.from(text).toString('hex').slice(0, 12)}`;
}

export interface EventInput {
  id?: string;
  title: string;
  category: EventCategory;
  description?: string;
  genre?: string;
  language?: string;
  durationMinutes?: number;
  rating?: string;
  performers?: string[];
  details?: Record<string, unknown>;
}

export async function createEvent(db: Executor, input: EventInput): Promise<{ eventId: string }> {
  const title = requireText(input.title, 'title');
  if (!(eventCategories as readonly string[]).includes(input.category)) {
    invalid(`category must be one of ${eventCategories.join(', ')}`);
  }
  if (input.durationMinutes !== undefined) requirePositiveInt(input.durationMinutes, 'durationMinutes');
  if (input.performers && !input.performers.every((p) => typeof p === 'string' && p.trim() !== '')) {
    invalid('performers must be non-empty names');
  }
  const eventId = input.id === undefined ? randomUUID() : requireText(input.id, 'id');
  const inserted = await db
    .insert(events)
    .values({
      id: eventId,
      title,
      category: input.category,
      description: input.description?.trim() ?? '',
      genre: input.genre ?? null,
      language: input.language ?? null,
      durationMinutes: input.durationMinutes ?? null,
      rating: input.rating ?? null,
      performers: input.performers?.map((p) => p.trim()) ?? [],
      details: input.details ?? {},
    })
    .onConflictDoNothing()
    .returning({ id: events.id });
  if (!inserted[0]) invalid(`an event with id "${eventId}" already exists`);
  return { eventId };
}

export interface ShowInputRow {
  id?: string;
  eventId: string;
  hallId: string;
  startsAt: Date;
  /** Defaults to startsAt plus the event's duration (or two hours). */
  endsAt?: Date;
  /** One price per category of the hall, all in one currency, amounts in minor units. */
  prices: Record<string, { amount: number; currency: string }>;
  salesOpenAt?: Date | null;
  /** Defaults to startsAt. */
  salesCloseAt?: Date | null;
  holdTtlSeconds?: number | null;
  cancellationPolicy?: CancellationPolicy;
  /** Service fee per ticket in the prices' currency; defaults to none. */
  feePerTicket?: { amount: number; currency: string };
}

/**
 * Schedules a show of an event in a hall. Every category the hall uses must be priced, in one
 * currency, because a show's actor sells the whole hall and totals an order in a single currency.
 */
export async function createShow(db: Executor, input: ShowInputRow): Promise<{ showId: string }> {
  const [event] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, input.eventId), isNull(events.deletedAt)))
    .limit(1);
  if (!event) throw new CatalogError('not_found', `event ${input.eventId} not found`);
  const [found] = await db
    .select({ hall: halls })
    .from(halls)
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .where(and(eq(halls.id, input.hallId), isNull(venues.deletedAt)))
    .limit(1);
  if (!found) throw new CatalogError('not_found', `hall ${input.hallId} not found`);
  const hall = found.hall;

  const { prices, currency } = checkPrices(input.prices, layoutCategories(hall.layout));
  const startsAt = requireDate(input.startsAt, 'startsAt');
  const endsAt = input.endsAt
    ? requireDate(input.endsAt, 'endsAt')
    : new Date(startsAt.getTime() + (event.durationMinutes ?? DEFAULT_SHOW_MINUTES) * 60_000);
  if (endsAt <= startsAt) invalid('endsAt must be after startsAt');
  const salesOpenAt = input.salesOpenAt ? requireDate(input.salesOpenAt, 'salesOpenAt') : null;
  // Without a close, a show would stay on sale after it started (a train that already left).
  const salesCloseAt = input.salesCloseAt ? requireDate(input.salesCloseAt, 'salesCloseAt') : startsAt;
  if (salesOpenAt && !input.salesCloseAt && salesOpenAt >= startsAt) invalid('salesOpenAt must be before startsAt');
  if (salesOpenAt && salesCloseAt <= salesOpenAt) invalid('salesCloseAt must be after salesOpenAt');
  if (input.holdTtlSeconds != null) requirePositiveInt(input.holdTtlSeconds, 'holdTtlSeconds');
  const policy = input.cancellationPolicy ?? defaultCancellationPolicy;
  const problem = policyProblem(policy);
  if (problem) invalid(`cancellationPolicy: ${problem}`);
  const fee = input.feePerTicket;
  if (fee && fee.currency !== currency) invalid(`feePerTicket: must be in ${currency}, the currency of the prices`);
  if (fee && (!Number.isSafeInteger(fee.amount) || fee.amount < 0))
    invalid('feePerTicket.amount must be a whole number of minor units >= 0');

  const showId = input.id === undefined ? randomUUID() : requireText(input.id, 'id');
  const inserted = await db
    .insert(shows)
    .values({
      id: showId,
      eventId: event.id,
      hallId: hall.id,
      startsAt,
      endsAt,
      currency,
      prices,
      salesOpenAt,
      salesCloseAt,
      holdTtlSeconds: input.holdTtlSeconds ?? null,
      cancellationPolicy: normalizePolicy(policy),
      feePerTicket: fee?.amount ?? 0,
    })
    .onConflictDoNothing()
    .returning({ id: shows.id });
  if (!inserted[0]) invalid(`a show with id "${showId}" already exists`);
  return { showId };
}

/** Prices stored best first (dearest first, ties in layout order): the order "best available" tries. */
function checkPrices(
  given: Record<string, { amount: number; currency: string }>,
  categories: string[],
): { prices: CategoryDef[]; currency: string } {
  if (!given || typeof given !== 'object') invalid('prices must map each category to a price');
  const missing = categories.filter((c) => !(c in given));
  if (missing.length > 0) invalid(`prices: no price for ${missing.map((c) => `"${c}"`).join(', ')}`);
  const unknown = Object.keys(given).filter((c) => !categories.includes(c));
  if (unknown.length > 0) invalid(`prices: the hall has no category ${unknown.map((c) => `"${c}"`).join(', ')}`);
  const currencies = new Set(categories.map((c) => given[c]!.currency));
  if (currencies.size !== 1) invalid(`prices: one currency for all categories, got ${[...currencies].join(', ')}`);
  const [currency] = currencies as Set<string>;
  if (!currency || !/^[A-Z]{3}$/.test(currency)) invalid('prices: currency must be a three-letter ISO 4217 code');
  const prices = categories.map((category) => {
    const amount = given[category]!.amount;
    if (!Number.isSafeInteger(amount) || amount < 0) {
      invalid(`prices.${category}.amount must be a whole number of minor units >= 0`);
    }
    return { category, price: amount };
  });
  prices.sort((a, b) => b.price - a.price);
  return { prices, currency };
}

export interface ShowDetails {
  show: ShowRow;
  event: EventRow;
  hall: HallRow;
  venue: VenueRow;
  city: CityRow;
}

/** A show as the catalog offers it: null when it, its event or its venue was removed. */
export async function getShowDetails(db: Executor, showId: string): Promise<ShowDetails | null> {
  const rows = await db
    .select({ show: shows, event: events, hall: halls, venue: venues, city: cities })
    .from(shows)
    .innerJoin(events, eq(events.id, shows.eventId))
    .innerJoin(halls, eq(halls.id, shows.hallId))
    .innerJoin(venues, eq(venues.id, halls.venueId))
    .innerJoin(cities, eq(cities.id, venues.cityId))
    .where(and(eq(shows.id, showId), isNull(shows.deletedAt), isNull(events.deletedAt), isNull(venues.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}

function invalid(detail: string): never {
  throw new CatalogError('validation_failed', detail);
}

function requireText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(`${path} must be a non-empty string`);
  return value.trim();
}

function requirePositiveInt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalid(`${path} must be a positive whole number`);
  }
  return value;
}

function requireDate(value: unknown, path: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(`${path} must be a valid date`);
  return value;
}
