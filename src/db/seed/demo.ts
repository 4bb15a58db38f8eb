import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../client.js';
import { createEvent, createShow, createVenue, type ShowInputRow } from '../queries/catalog.js';
import { zonedInstant } from '../../format/show-time.js';
import { cities } from '../schema/index.js';
import {
  cinemaPolicy,
  cinemaPrices,
  demoCities,
  demoEvents,
  demoVenues,
  DEMO_IDS,
  trainPolicy,
  type Currency,
} from './demo-catalog.js';
import { seedDemoPromos } from './demo-promos.js';

export { DEMO_IDS } from './demo-catalog.js';
export { demoPromos } from './demo-promos.js';

const DAY_MS = 86_400_000;
const SCREENING_TIMES = [
  { hour: 17, minute: 0 },
  { hour: 20, minute: 30 },
];
/** Any constant works; it only has to be the same for every process seeding this database. */
const SEED_LOCK_KEY = 0x5eed_de70;

export interface SeedResult {
  seeded: boolean;
  venues: number;
  events: number;
  shows: number;
}

/**
 * Loads the demo catalog: cities, cinemas, concert halls, a theatre, stadiums with standing areas,
 * trains, and shows over the coming days, every one of them in the future relative to `now`.
 * Does nothing if any city exists, and runs in one transaction under an advisory lock, so nodes
 * starting together seed once and a half-seeded catalog never exists.
 */
export async function seedDemo(db: Db, opts: { now: Date }): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(cities);
    if ((existing?.n ?? 0) > 0) return { seeded: false, venues: 0, events: 0, shows: 0 };
    await tx.insert(cities).values(demoCities);
    const hallIds = await createDemoVenues(tx);
    for (const event of demoEvents) await createEvent(tx, event);
    const shows = demoShows(opts.now.getTime(), hallIds);
    for (const show of shows) await createShow(tx, show);
    await seedDemoPromos(tx);
    return { seeded: true, venues: demoVenues.length, events: demoEvents.length, shows: shows.length };
  });
}

/** Hall ids by `<venue key>/<hall key>`. */
type HallIds = Map<string, { hallId: string; currency: Currency; timeZone: string }>;

async function createDemoVenues(tx: Executor): Promise<HallIds> {
  const hallIds: HallIds = new Map();
  for (const venue of demoVenues) {
    const created = await createVenue(tx, {
      name: venue.name,
      city: venue.city,
      address: venue.address,
      postalCode: venue.postalCode,
      location: venue.location,
      timeZone: venue.timeZone,
      halls: venue.halls.map((h) => ({ name: h.name, layout: h.layout })),
    });
    venue.halls.forEach((h, i) => {
      const hall = created.halls[i];
      if (hall)
        hallIds.set(`${venue.key}/${h.key}`, {
          hallId: hall.hallId,
          currency: venue.currency,
          timeZone: venue.timeZone,
        });
    });
  }
  return hallIds;
}

type Price = { amount: number; currency: string };

function priced(currency: Currency, amounts: Record<string, number>): Record<string, Price> {
  return Object.fromEntries(Object.entries(amounts).map(([category, amount]) => [category, { amount, currency }]));
}

/** The schedule: local times on the days after `now`, so every show lies in the future. */
function demoShows(now: number, hallIds: HallIds): ShowInputRow[] {
  const tomorrow = new Date(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS);
  const hall = (key: string) => {
    const found = hallIds.get(key);
    if (!found) throw new Error(`demo hall ${key} missing`);
    return found;
  };
  /** Local wall-clock time in the hall's city, `day` days after tomorrow. */
  const at = (h: { timeZone: string }, day: number, hour: number, minute = 0) =>
    new Date(
      zonedInstant(
        h.timeZone,
        tomorrow.getUTCFullYear(),
        tomorrow.getUTCMonth() + 1,
        tomorrow.getUTCDate() + day,
        hour,
        minute,
      ),
    );
  const shows: ShowInputRow[] = [];

  // Cinemas: four days, two screenings a day per screen, films rotating through the screens.
  const screens: { key: string; films: string[] }[] = [
    { key: 'kino-lichtburg/saal-1', films: ['the-last-orbit', 'shadow-protocol'] },
    { key: 'kino-lichtburg/saal-2', films: ['midnight-in-kreuzberg', 'paper-lanterns'] },
    { key: 'riverside-picturehouse/screen-1', films: ['the-last-orbit', 'paper-lanterns', 'shadow-protocol'] },
    { key: 'cinema-lumiere/salle-1', films: ['le-dernier-tramway', 'the-last-orbit'] },
    { key: 'regal-talkies/audi-1', films: ['monsoon-hearts', 'shadow-protocol'] },
    { key: 'regal-talkies/audi-2', films: ['paper-lanterns', 'monsoon-hearts'] },
  ];
  for (const screen of screens) {
    const screenHall = hall(screen.key);
    const prices = priced(screenHall.currency, cinemaPrices[screenHall.currency]);
    for (let day = 0; day < 4; day++) {
      SCREENING_TIMES.forEach(({ hour, minute }, slot) => {
        // Tomorrow's first screening: always in the future, and of the film the id names.
        const first = screen.key === 'kino-lichtburg/saal-1' && day === 1 && slot === 0;
        shows.push({
          ...(first ? { id: DEMO_IDS.movieShow } : {}),
          eventId: screen.films[(day * SCREENING_TIMES.length + slot) % screen.films.length]!,
          hallId: screenHall.hallId,
          startsAt: at(screenHall, day, hour, minute),
          prices,
          cancellationPolicy: cinemaPolicy,
        });
      });
    }
  }

  // The classic 100-seat show, on sale from the moment it is seeded.
  shows.push({
    id: DEMO_IDS.classicConcertShow,
    eventId: 'classic-night',
    hallId: hall('philharmonie/kammersaal').hallId,
    startsAt: at(hall('philharmonie/kammersaal'), 13, 19),
    prices: priced('EUR', { premium: 8900, regular: 5900 }),
  });
  for (const day of [2, 9]) {
    shows.push({
      eventId: 'symphony-of-the-sea',
      hallId: hall('philharmonie/grosser-saal').hallId,
      startsAt: at(hall('philharmonie/grosser-saal'), day, 18, 30),
      prices: priced('EUR', { stalls: 6500, balcony: 4200 }),
    });
  }
  for (const day of [1, 3, 5]) {
    shows.push({
      eventId: 'southbank-jazz',
      hallId: hall('southbank-hall/main-hall').hallId,
      startsAt: at(hall('southbank-hall/main-hall'), day, 21),
      prices: priced('GBP', { stalls: 3800, balcony: 2600 }),
    });
  }
  for (const day of [0, 1, 2, 4, 5]) {
    shows.push({
      eventId: 'le-malade-imaginaire',
      hallId: hall('theatre-marais/grande-salle').hallId,
      startsAt: at(hall('theatre-marais/grande-salle'), day, 20),
      prices: priced('EUR', { orchestre: 4500, balcon: 2800 }),
    });
  }

  // Stadiums mix reserved stands with general-admission standing.
  const stadium = hall('riverside-stadium/arena');
  const arena = stadium.hallId;
  const arenaConcertPrices = priced('GBP', { vip: 25000, stand: 8500, standing: 6500 });
  shows.push({
    id: DEMO_IDS.mixedStadiumShow,
    eventId: 'aurora-skies-live',
    hallId: arena,
    startsAt: at(stadium, 6, 19),
    prices: arenaConcertPrices,
  });
  shows.push({
    id: DEMO_IDS.scheduledShow,
    eventId: 'aurora-skies-live',
    hallId: arena,
    startsAt: at(stadium, 20, 19),
    prices: arenaConcertPrices,
    salesOpenAt: new Date(now + 2 * DAY_MS),
  });
  shows.push({
    eventId: 'riverside-derby',
    hallId: arena,
    startsAt: at(stadium, 3, 15),
    prices: priced('GBP', { vip: 18000, stand: 5500, standing: 3500 }),
  });
  for (const day of [2, 8]) {
    shows.push({
      eventId: 'mumbai-t20',
      hallId: hall('marine-drive-stadium/ground').hallId,
      startsAt: at(hall('marine-drive-stadium/ground'), day, 19, 30),
      prices: priced('INR', { pavilion: 250000, general: 80000 }),
    });
  }

  // Trains: one departure a day for a week; the first one has a fixed id.
  for (let day = 0; day < 7; day++) {
    shows.push({
      ...(day === 0 ? { id: DEMO_IDS.trainShow } : {}),
      eventId: 'ice-berlin-munich',
      hallId: hall('ice-fleet/ice-1001').hallId,
      startsAt: at(hall('ice-fleet/ice-1001'), day, 8, 30),
      prices: priced('EUR', { first: 8900, second: 4900 }),
      cancellationPolicy: trainPolicy,
    });
    shows.push({
      eventId: 'deccan-queen-mumbai-pune',
      hallId: hall('deccan-line/deccan-queen').hallId,
      startsAt: at(hall('deccan-line/deccan-queen'), day, 7, 15),
      prices: priced('INR', { 'ac-chair': 125000, 'second-sitting': 30000 }),
      cancellationPolicy: trainPolicy,
    });
  }
  return shows;
}
