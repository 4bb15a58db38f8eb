import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../src/assistant/intents.js';
import { normaliseText } from '../../src/assistant/normalise.js';

const cities = [
  { cityId: 'berlin', name: 'Berlin' },
  { cityId: 'london', name: 'London' },
  { cityId: 'paris', name: 'Paris' },
  { cityId: 'mumbai', name: 'Mumbai' },
  { cityId: 'new-york', name: 'New York' },
];
const read = (message: string) => readQuestion(message, { cities });
const intentOf = (message: string) => read(message).intent;

describe('normalising a message', () => {
  it('lowers case, folds accents and apostrophes, and keeps ids, dates and times as one word', () => {
    expect(normaliseText("  What's ON in   Köln, tonight?! ")).toBe('whats on in koln tonight');
    expect(normaliseText('Seats left for concert_2025.')).toBe('seats left for concert_2025');
    expect(normaliseText('Le Malade Imaginaire — 2030-06-01 at 20:30')).toBe(
      'le malade imaginaire 2030-06-01 at 20:30',
    );
  });
});

describe('reading a question', () => {
  it("finds what's on with its city, day and category", () => {
    expect(read("what's on in Berlin tonight")).toMatchObject({
      intent: 'whats_on',
      city: { cityId: 'berlin' },
      when: { kind: 'tonight' },
      topic: [],
    });
    expect(read('Any films in london this weekend?')).toMatchObject({
      intent: 'whats_on',
      city: { cityId: 'london' },
      category: 'movie',
      when: { kind: 'weekend' },
    });
    expect(read('concerts in New York on 14 June')).toMatchObject({
      city: { cityId: 'new-york' },
      category: 'concert',
      when: { kind: 'date', month: 6, day: 14 },
    });
    // A city, a day or a kind of event alone is enough to mean "what's on".
    expect(intentOf('Paris tomorrow')).toBe('whats_on');
    expect(intentOf('theatre')).toBe('whats_on');
  });

  it('notices a place we do not sell in', () => {
    expect(read("what's on in Tokyo tonight")).toMatchObject({ intent: 'whats_on', unknownCity: 'tokyo' });
    expect(read("what's on in the evening")).not.toHaveProperty('unknownCity');
    expect(read("what's on in Berlin")).not.toHaveProperty('unknownCity');
  });

  it('finds seats-left questions by show id or by title words', () => {
    expect(read('seats left for concert_2025')).toMatchObject({
      intent: 'seats_left',
      idCandidates: ['concert_2025'],
      topic: [],
    });
    expect(read('How many tickets are available for Classic Night?')).toMatchObject({
      intent: 'seats_left',
      idCandidates: [],
      topic: ['classic', 'night'],
    });
    expect(read('is the last orbit sold out in Berlin tomorrow night')).toMatchObject({
      intent: 'seats_left',
      city: { cityId: 'berlin' },
      when: { kind: 'tomorrow' },
      topic: ['last', 'orbit'],
    });
    // An id alone is a question about that show.
    expect(intentOf('movie-last-orbit-berlin')).toBe('seats_left');
  });

  it('tells paying, refunds, the waitlist and my bookings apart where their words overlap', () => {
    expect(intentOf('how do I pay?')).toBe('how_to_pay');
    expect(intentOf('Can I pay with PayPal')).toBe('how_to_pay');
    expect(intentOf('how do I book tickets')).toBe('how_to_pay');
    expect(intentOf('can I get a refund')).toBe('refund_policy');
    expect(intentOf('cancel my booking')).toBe('refund_policy');
    expect(intentOf("what's the cancellation policy for concert_2025")).toBe('refund_policy');
    expect(intentOf('how does the waitlist work')).toBe('waitlist');
    expect(intentOf('put me on the waiting list for concert_2025')).toBe('waitlist');
    expect(intentOf('show my bookings')).toBe('my_bookings');
    expect(intentOf('what did I book?')).toBe('my_bookings');
    expect(intentOf('when is the box office open')).toBe('opening_hours');
  });

  it('finds price questions, and the title they ask about', () => {
    expect(read('Cheapest tickets for The Last Orbit')).toMatchObject({ intent: 'prices', topic: ['last', 'orbit'] });
    expect(read('how much do I pay for concert_2025?')).toMatchObject({
      intent: 'prices',
      idCandidates: ['concert_2025'],
    });
    expect(read('what do tickets for Classic Night cost in Berlin')).toMatchObject({
      intent: 'prices',
      city: { cityId: 'berlin' },
      topic: ['classic', 'night'],
    });
    expect(intentOf('prices for movie-last-orbit-berlin')).toBe('prices');
    // Paying and refunds keep their own questions.
    expect(intentOf('how do I pay?')).toBe('how_to_pay');
    expect(intentOf('does cancelling cost anything')).toBe('refund_policy');
  });

  it('falls back to help for greetings and gibberish', () => {
    expect(intentOf('hello')).toBe('help');
    expect(intentOf('blorp zizzle wug')).toBe('help');
    expect(intentOf('???')).toBe('help');
    expect(read('blorp zizzle wug').topic).toEqual([]);
  });

  it('does not take dates, times, counts or ordinals for show ids', () => {
    expect(read('2 seats on 2030-06-01 at 20:30 for the 3rd show').idCandidates).toEqual([]);
    expect(read('is 0337ea73-a50c-4bbb-a881-a1317d3a370d sold out?').idCandidates).toEqual([
      '0337ea73-a50c-4bbb-a881-a1317d3a370d',
    ]);
    expect(read('seats for aurora-skies-london and ice-berlin-munich').idCandidates).toEqual([
      'aurora-skies-london',
      'ice-berlin-munich',
    ]);
  });
});
