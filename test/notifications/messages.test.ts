import { describe, expect, it } from 'vitest';
import { messageLink, renderMessage, type ShowLabel } from '../../src/notifications/messages.js';
import { OUTBOX_TOPICS } from '../../src/notifications/topics.js';

const show: ShowLabel = {
  title: 'Beethoven 9',
  startsAt: new Date('2030-03-14T19:30:00Z'),
  venue: 'Philharmonie',
  timeZone: 'Europe/Berlin',
};

describe('notification messages', () => {
  it('names the show, the seats and the money for each topic', () => {
    const booked = renderMessage('booking.confirmed', { bookingId: 'b1', seats: ['A-1', 'A-2'], total: 8000, currency: 'EUR' }, show);
    expect(booked.title).toBe('Booking confirmed: Beethoven 9');
    expect(booked.body).toBe(
      'You are booked for Beethoven 9 (Thu 14 Mar, 20:30 CET, Philharmonie): seats A-1, A-2. Total paid: €80.00. Booking b1. Your tickets are under My bookings.',
    );
    expect(renderMessage('refund.succeeded', { amount: 4000, currency: 'GBP', bookingId: 'b1' }, show).title).toBe('Refund paid: £40.00');
    expect(renderMessage('hold.expiring', { expiresAt: '2030-03-14T18:05:00.000Z', quantity: 3, seats: [] }, show).body).toContain(
      'Your 3 places for Beethoven 9',
    );
    expect(renderMessage('hold.expiring', { expiresAt: '2030-03-14T18:05:00.000Z', seats: ['B-4'] }, show).body).toContain('until 19:05 CET');
    expect(renderMessage('show.updated', { changes: { startsAt: { to: '2030-07-14T17:00:00.000Z' } } }, show).body).toBe(
      'Beethoven 9 (Thu 14 Mar, 20:30 CET, Philharmonie) has changed: startsAt is now Sun 14 Jul, 19:00 CEST. Your booking stays valid.',
    );
    expect(renderMessage('show.cancelled', { bookingId: 'b1', total: 100, currency: 'EUR' }, null).body).toBe(
      'We are sorry: your show is cancelled. Your booking b1 is cancelled and refunded in full (€1.00).',
    );
  });

  it('renders every topic, even with an empty payload and no show', () => {
    for (const topic of OUTBOX_TOPICS) {
      const m = renderMessage(topic, {}, null);
      expect(m.title.length).toBeGreaterThan(5);
      expect(m.body.length).toBeGreaterThan(10);
      expect(m.body).not.toContain('undefined');
      expect(m.body).not.toContain('null');
      expect(m.body).not.toMatch(/ [;.,)]/);
    }
  });

  it('links the show page, where held seats are paid for, from the messages that ask for a payment', () => {
    expect(messageLink('waitlist.offered', { showId: 'show 1' })).toEqual({ label: 'Pay for your seats here', path: '/shows/show%201' });
    expect(messageLink('hold.expiring', { showId: 's1' })?.path).toBe('/shows/s1');
    expect(messageLink('booking.confirmed', { showId: 's1' })).toBeNull();
    expect(messageLink('waitlist.offered', {})).toBeNull();
  });
});
