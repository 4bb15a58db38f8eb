import { describe, expect, it } from 'vitest';
import { newWebhookSecret, sign, signedHeaders, verify } from '../../src/notifications/webhooks/signature.js';

describe('webhook signatures (Standard Webhooks)', () => {
  it('matches the reference vector of the Standard Webhooks libraries', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own calls and refuses altered, re-signed or stale ones', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ id: 'd1', topic: 'booking.confirmed', data: { bookingId: 'b1' } });
    const h = signedHeaders(secret, 'd1', 1_700_000_000, body);
    const headers = { id: h['webhook-id']!, timestamp: h['webhook-timestamp']!, signature: h['webhook-signature']! };
    expect(verify(secret, headers, body, 1_700_000_010)).toBe(true);
    // Several signatures (key rotation): any one matching is enough.
    expect(verify(secret, { ...headers, signature: `v1,AAAA ${headers.signature}` }, body, 1_700_000_010)).toBe(true);
    expect(verify(secret, headers, body.replace('b1', 'b2'), 1_700_000_010)).toBe(false);
    expect(verify(secret, { ...headers, id: 'd2' }, body, 1_700_000_010)).toBe(false);
    expect(verify(newWebhookSecret(), headers, body, 1_700_000_010)).toBe(false);
    expect(verify(secret, headers, body, 1_700_000_000 + 3600)).toBe(false);
  });
});
