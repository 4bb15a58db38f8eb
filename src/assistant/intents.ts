import type { EventCategory } from '../db/schema/index.js';
import { hasPhrase, normaliseText, rawWords } from './normalise.js';
import type { CityRef, Intent, Question } from './types.js';
import { isRealDate, parseWhen, WHEN_WORDS } from './when.js';

/**
 * Which intent a message has, by keyword rules tried in this order: the first that matches wins.
 * The order settles overlaps: "cancel my booking" is about refunds before it is about bookings,
 * "how do I pay for concert_2025" about paying before seats.
 */
const RULES: { intent: Intent; patterns: RegExp[] }[] = [
  {
    intent: 'waitlist',
    patterns: [/\bwait ?list(s|ed|ing)?\b/, /\bwait-list\b/, /\bwaiting ?list\b/, /\bqueue\b/, /\bnotify me\b/],
  },
  {
    intent: 'refund_policy',
    patterns: [/\brefund\w*/, /\bcancel\w*/, /\bmoney back\b/, /\breimburs\w*/, /\bget my money\b/],
  },
  {
    intent: 'my_bookings',
    patterns: [
      /\b(my|mine)\b.*\b(bookings?|tickets?|orders?|reservations?|seats|purchases)\b/,
      /\bwhat (did|have) i (book|booked|bought|buy)\b/,
      /\bi (have )?booked\b/,
    ],
  },
  {
    // Before paying: "how much do I pay for Classic Night" asks a price, not how to pay.
    intent: 'prices',
    patterns: [
      /\b(cheap|cheaper|cheapest|price|prices|priced|pricing|cost|costs|fare|fares|expensive|budget|afford)\b/,
      /\bhow much\b/,
    ],
  },
  {
    intent: 'how_to_pay',
    patterns: [
      /\b(pay|paying|paid|payment|payments|card|cards|credit|debit|visa|mastercard|paypal|checkout|purchase|buy|buying)\b/,
      /\bhow (do|can|should|would) (i|we) (book|reserve|order)\b/,
      /\bhow to (book|reserve|order)\b/,
    ],
  },
  {
    intent: 'seats_left',
    patterns: [
      /\b(seats?|tickets?|places?|spots?)\b.*\b(left|available|free|remaining|remain)\b/,
      /\bhow many (seats|tickets|places|spots)\b/,
      /\b(availability|sold out|any seats|any tickets|seats for|tickets for|seats at|tickets left)\b/,
      /\bis (it|there room)\b.*\bfull\b/,
    ],
  },
  {
    intent: 'whats_on',
    patterns: [
      /\bwhats (on|playing|showing|happening|up)\b/,
      /\bwhat is (on|playing|showing|happening)\b/,
      /\bwhat (can|could|should) (i|we) (see|watch|do)\b/,
      /\b(events?|shows?|listings?|programme|program|schedule|happening|recommend\w*|going on)\b/,
    ],
  },
  {
    intent: 'opening_hours',
    patterns: [/\b(opening|open|hours|box office|closing|closed|doors)\b/],
  },
  {
    intent: 'help',
    patterns: [
      /\b(help|hi|hello|hey|hallo|hiya)\b/,
      /\bwhat can you do\b/,
      /\bwho are you\b/,
      /\bhow does (this|it) work\b/,
    ],
  },
];

const CATEGORY_WORDS: Record<EventCategory, string[]> = {
  movie: ['movie', 'movies', 'film', 'films', 'cinema', 'cinemas', 'screening', 'screenings'],
  concert: ['concert', 'concerts', 'gig', 'gigs', 'music', 'band', 'bands'],
  theatre: ['theatre', 'theatres', 'theater', 'theaters', 'play', 'plays', 'drama', 'musical', 'musicals'],
  sports: ['sport', 'sports', 'match', 'matches', 'game', 'games', 'football', 'cricket', 'stadium'],
  train: ['train', 'trains', 'rail', 'railway', 'journey', 'trip'],
  other: [],
};

/** Words that carry no title: function words and the vocabulary the rules above already read. */
const STOP_WORDS = new Set(
  (
    'a an the and or but for of to at in on by with from about into near around is are was were be been am ' +
    'do does did done i me my mine we us our you your it its this that these those there here what whats which ' +
    'who when where why how many much any some still left available free remaining remain open seat seats ' +
    'ticket tickets place places spot spots show shows showing playing event events book booking bookings booked ' +
    'can could would will should may might get got have has had please thanks thank want wanted like need know ' +
    'tell give see watch go going buy pay paying payment card refund refunds cancel cancellation policy waitlist ' +
    'wait list waiting queue join notify help hi hello hey up next coming upcoming soon now currently number ' +
    'sold out availability just only also more happening happens happen going on is anything something ' +
    'whole all every one two three four five six seven eight nine ten dont cant im ive id ' +
    'cheap cheaper cheapest price prices priced pricing cost costs fare fares expensive budget afford lowest'
  ).split(' '),
);

/** "Friday night" and "tomorrow evening" say when; "Classic Night" is a title. */
const PART_OF_DAY = new Set(['night', 'evening', 'morning', 'afternoon', 'nights', 'evenings']);

const DATE_OR_TIME = /^(\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?|\d{1,2}:\d{2}|\d+(st|nd|rd|th)?)$/;
const ID_SHAPE = /^[A-Za-z0-9_.:-]{3,100}$/;

/** Words typed like ids: letters joined by `_`, `-`, `.` or `:`, or letters mixed with digits. */
function idCandidates(message: string): string[] {
  const found = rawWords(message).filter(
    (w) => ID_SHAPE.test(w) && !DATE_OR_TIME.test(w) && (/[_.:-]/.test(w) || (/\d/.test(w) && /[A-Za-z]/.test(w))),
  );
  return [...new Set(found)].slice(0, 5);
}

function findCity(text: string, cities: CityRef[]): CityRef | undefined {
  const named = cities
    .flatMap((city) => [normaliseText(city.name), normaliseText(city.cityId)].map((phrase) => ({ city, phrase })))
    .filter((c) => c.phrase !== '' && hasPhrase(text, c.phrase))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  return named[0]?.city;
}

function findCategory(words: string[]): EventCategory | undefined {
  for (const [category, names] of Object.entries(CATEGORY_WORDS) as [EventCategory, string[]][]) {
    if (names.some((n) => words.includes(n))) return category;
  }
  return undefined;
}

const CATEGORY_VOCABULARY = new Set(Object.values(CATEGORY_WORDS).flat());

/** A place named after "in" or "near" that is not one of ours: worth saying we do not sell there. */
function findUnknownCity(words: string[]): string | undefined {
  for (const [i, w] of words.entries()) {
    if (w !== 'in' && w !== 'near' && w !== 'around') continue;
    const next = words[i + 1];
    if (!next || !/^\p{L}{3,}$/u.test(next)) continue;
    if (STOP_WORDS.has(next) || WHEN_WORDS.has(next) || CATEGORY_VOCABULARY.has(next)) continue;
    return next;
  }
  return undefined;
}

/** Reads a message: its intent and what it names (city, category, day, show). Pure: no I/O, no clock. */
export function readQuestion(message: string, ctx: { cities: CityRef[] }): Question {
  const text = normaliseText(message);
  const words = text === '' ? [] : text.split(' ');
  const city = findCity(text, ctx.cities);
  const cityWords = new Set(city ? [...normaliseText(city.name).split(' '), normaliseText(city.cityId)] : []);
  const parsedWhen = parseWhen(text);
  const when = parsedWhen && isRealDate(parsedWhen) ? parsedWhen : undefined;
  const category = findCategory(words);
  const ids = idCandidates(message);
  const idWords = new Set(ids.map((id) => normaliseText(id)));
  const unknownCity = city ? undefined : findUnknownCity(words);

  const topic = words.filter(
    (w, i) =>
      !STOP_WORDS.has(w) &&
      !WHEN_WORDS.has(w) &&
      !(PART_OF_DAY.has(w) && WHEN_WORDS.has(words[i - 1] ?? '')) &&
      !CATEGORY_VOCABULARY.has(w) &&
      !cityWords.has(w) &&
      !idWords.has(w) &&
      w !== unknownCity &&
      !DATE_OR_TIME.test(w) &&
      !/^(st|nd|rd|th)$/.test(w),
  );

  const matched = RULES.find((rule) => rule.patterns.some((p) => p.test(text)))?.intent;
  const intent: Intent =
    matched ?? (ids.length > 0 ? 'seats_left' : city || when || category || unknownCity ? 'whats_on' : 'help');
  return {
    intent,
    text,
    ...(city ? { city } : {}),
    ...(unknownCity ? { unknownCity } : {}),
    ...(category ? { category } : {}),
    ...(when ? { when } : {}),
    idCandidates: ids,
    topic: intent === 'help' ? [] : topic,
  };
}
