import type { Clock } from '../actors/runtime/types.js';
import type { Executor } from '../db/client.js';
import type { EventCategory } from '../db/schema/index.js';

export const intents = [
  'whats_on',
  'seats_left',
  'how_to_pay',
  'refund_policy',
  'waitlist',
  'my_bookings',
  'prices',
  'opening_hours',
  'help',
] as const;
export type Intent = (typeof intents)[number];

/**
 * A suggested next step: a page of the web site, or a command of the terminal client. Never a raw API
 * call: people ask the assistant, and a person acts on a page or in the CLI.
 */
export type AssistantAction =
  { label: string; kind: 'link'; href: string } | { label: string; kind: 'command'; command: string };

export interface AssistantReply {
  intent: Intent;
  reply: string;
  actions: AssistantAction[];
}

export interface CityRef {
  cityId: string;
  name: string;
}

/** When a question is about: what the words said, before a time zone turns it into instants. */
export type WhenPhrase =
  | { kind: 'today' }
  | { kind: 'tonight' }
  | { kind: 'tomorrow' }
  | { kind: 'weekend' }
  | { kind: 'week' }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'date'; year: number | null; month: number; day: number };

/** A time window in instants, with the words to say it back. */
export interface TimeWindow {
  from: Date;
  to: Date;
  label: string;
}

/** What the rules read from a message. */
export interface Question {
  intent: Intent;
  /** The message normalised: lower case, accents folded, words separated by single spaces. */
  text: string;
  city?: CityRef;
  /** A place named after "in" that is no city we sell in. */
  unknownCity?: string;
  category?: EventCategory;
  when?: WhenPhrase;
  /** Words spelled like show ids (`concert_2025`), as typed: they are looked up, not trusted. */
  idCandidates: string[];
  /** The words left once the vocabulary above is taken out: a title to search for. */
  topic: string[];
}

/** The signed-in customer, when the question came with a valid token. */
export interface AskingUser {
  userId: string;
  name?: string;
}

export interface AnswerContext {
  db: Executor;
  now: Date;
  question: Question;
  /** Every city with venues, for suggestions. */
  cities: CityRef[];
  user?: AskingUser;
}

export interface AssistantDeps {
  db: Executor;
  clock: Clock;
}
