import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/assistant/normalise.js';
import { isRealDate, parseWhen, resolveWhen } from '../../src/assistant/when.js';

const when = (message: string) => parseWhen(normaliseText(message));
const iso = (w: { from: Date; to: Date; label: string }) => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
  label: w.label,
});

// Wednesday 2030-03-13, 15:00 in Berlin (UTC+1).
const now = new Date('2030-03-13T14:00:00Z');
const berlin = 'Europe/Berlin';

describe('when a question is about', () => {
  it('reads relative days, weekdays and written dates', () => {
    expect(when("what's on tonight?")).toEqual({ kind: 'tonight' });
    expect(when('anything this evening')).toEqual({ kind: 'tonight' });
    expect(when('films tomorrow')).toEqual({ kind: 'tomorrow' });
    expect(when('Berlin today')).toEqual({ kind: 'today' });
    expect(when('gigs this weekend')).toEqual({ kind: 'weekend' });
    expect(when('what is on this week')).toEqual({ kind: 'week' });
    expect(when('concerts on Friday')).toEqual({ kind: 'weekday', weekday: 5 });
    expect(when('plays on sundays')).toEqual({ kind: 'weekday', weekday: 0 });
    expect(when('on 2030-06-01')).toEqual({ kind: 'date', year: 2030, month: 6, day: 1 });
    expect(when('on 14/6')).toEqual({ kind: 'date', year: null, month: 6, day: 14 });
    expect(when('on the 14th of June 2031')).toEqual({ kind: 'date', year: 2031, month: 6, day: 14 });
    expect(when('June 3rd')).toEqual({ kind: 'date', year: null, month: 6, day: 3 });
    expect(when('3 sept')).toEqual({ kind: 'date', year: null, month: 9, day: 3 });
  });

  it('reads no day where there is none, and "may" alone is no month', () => {
    expect(when('seats left for concert_2025')).toBeUndefined();
    expect(when('may I get a refund')).toBeUndefined();
    expect(when('Sunshine Concert')).toBeUndefined();
    expect(isRealDate({ kind: 'date', year: 2030, month: 6, day: 31 })).toBe(false);
    expect(isRealDate({ kind: 'date', year: null, month: 2, day: 29 })).toBe(true);
  });

  it('turns a phrase into a window on the city clock that never starts before now', () => {
    expect(iso(resolveWhen({ kind: 'today' }, now, berlin))).toEqual({
      from: '2030-03-13T14:00:00.000Z',
      to: '2030-03-13T22:59:59.999Z',
      label: 'today',
    });
    expect(iso(resolveWhen({ kind: 'tonight' }, now, berlin))).toEqual({
      from: '2030-03-13T16:00:00.000Z',
      to: '2030-03-13T22:59:59.999Z',
      label: 'tonight',
    });
    // Late in the evening, tonight is what is left of it.
    const late = new Date('2030-03-13T20:15:00Z');
    expect(resolveWhen({ kind: 'tonight' }, late, berlin).from).toEqual(late);
    expect(iso(resolveWhen({ kind: 'tomorrow' }, now, berlin))).toEqual({
      from: '2030-03-13T23:00:00.000Z',
      to: '2030-03-14T22:59:59.999Z',
      label: 'tomorrow',
    });
    expect(iso(resolveWhen({ kind: 'weekend' }, now, berlin))).toEqual({
      from: '2030-03-15T23:00:00.000Z',
      to: '2030-03-17T22:59:59.999Z',
      label: 'this weekend',
    });
    expect(iso(resolveWhen({ kind: 'weekday', weekday: 5 }, now, berlin))).toMatchObject({
      from: '2030-03-14T23:00:00.000Z',
      label: 'on Friday',
    });
    expect(resolveWhen({ kind: 'weekday', weekday: 3 }, now, berlin).label).toBe('today');
  });

  it('on a Sunday, the weekend is what is left of it', () => {
    const sunday = new Date('2030-03-17T10:00:00Z');
    expect(iso(resolveWhen({ kind: 'weekend' }, sunday, berlin))).toEqual({
      from: '2030-03-17T10:00:00.000Z',
      to: '2030-03-17T22:59:59.999Z',
      label: 'this weekend',
    });
  });

  it('takes a date without a year as its next occurrence, in the city zone', () => {
    expect(iso(resolveWhen({ kind: 'date', year: null, month: 6, day: 14 }, now, berlin))).toEqual({
      from: '2030-06-13T22:00:00.000Z',
      to: '2030-06-14T21:59:59.999Z',
      label: 'on 14 June 2030',
    });
    expect(resolveWhen({ kind: 'date', year: null, month: 3, day: 1 }, now, 'UTC').label).toBe('on 1 March 2031');
    expect(resolveWhen({ kind: 'date', year: null, month: 3, day: 13 }, now, 'UTC').label).toBe('on 13 March 2030');
  });
});
