import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book } from './fixtures.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.adminToken();
}, 90_000);
afterAll(async () => {
  await t?.close();
});

async function bookingOf(token: string): Promise<string> {
  return (await book(t, token, await t.createShow(), { seats: ['A-1'] })).bookingId;
}

describe('support questions', () => {
  it('a customer asks, an admin lists and answers, the customer sees the answer and nobody else does', async () => {
    const ada = await t.register('Ada');
    const bob = await t.register('Bob');
    const bookingId = await bookingOf(ada.token);

    const asked = await t.call('POST', '/api/support', {
      token: ada.token,
      body: { subject: 'Step-free access?', message: 'Can I reach seat A-1 without stairs?', bookingId },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'open', bookingId, answer: null, answeredAt: null, answeredBy: null });
    const questionId = asked.body.questionId as string;

    const open = await t.call('GET', '/api/admin/support?status=open', { token: admin });
    expect(open.status).toBe(200);
    expect(open.body.questions).toContainEqual(expect.objectContaining({ questionId, userId: ada.userId }));

    const me = await t.call('GET', '/api/me', { token: admin });
    const answered = await t.call('POST', `/api/admin/support/${questionId}/answer`, {
      token: admin,
      body: { answer: 'Yes, use the lift by door 3.' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      questionId,
      status: 'answered',
      answer: 'Yes, use the lift by door 3.',
      answeredBy: me.body.userId,
    });
    expect(Number.isNaN(Date.parse(answered.body.answeredAt))).toBe(false);

    const stillOpen = await t.call('GET', '/api/admin/support?status=open', { token: admin });
    expect(stillOpen.body.questions.map((q: { questionId: string }) => q.questionId)).not.toContain(questionId);
    const done = await t.call('GET', '/api/admin/support?status=answered', { token: admin });
    expect(done.body.questions.map((q: { questionId: string }) => q.questionId)).toContain(questionId);

    const adaSees = await t.call('GET', '/api/me/support', { token: ada.token });
    expect(adaSees.status).toBe(200);
    expect(adaSees.body.questions).toEqual([
      expect.objectContaining({ questionId, status: 'answered', answer: 'Yes, use the lift by door 3.' }),
    ]);

    const bobSees = await t.call('GET', '/api/me/support', { token: bob.token });
    expect(bobSees.status).toBe(200);
    expect(bobSees.body.questions).toEqual([]);
  });

  it("refuses someone else's booking with 404 and a missing question with 404", async () => {
    const ada = await t.register();
    const eve = await t.register();
    const bookingId = await bookingOf(ada.token);
    const res = await t.call('POST', '/api/support', {
      token: eve.token,
      body: { subject: 'Refund', message: 'Please refund', bookingId },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    expect((await t.call('GET', '/api/me/support', { token: eve.token })).body.questions).toEqual([]);

    const missing = await t.call('POST', '/api/admin/support/3f0c1a52-9f43-4c1e-8c0e-2f4f4d1b7a10/answer', {
      token: admin,
      body: { answer: 'hello' },
    });
    expect(missing.status).toBe(404);
  });

  it('needs a login, and admin routes refuse customers with 403', async () => {
    const ada = await t.register();
    expect((await t.call('POST', '/api/support', { body: { subject: 's', message: 'm' } })).status).toBe(401);
    expect((await t.call('GET', '/api/me/support')).status).toBe(401);

    const asked = await t.call('POST', '/api/support', { token: ada.token, body: { subject: 's', message: 'm' } });
    expect(asked.status).toBe(201);
    const list = await t.call('GET', '/api/admin/support', { token: ada.token });
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('forbidden');
    const answer = await t.call('POST', `/api/admin/support/${asked.body.questionId}/answer`, {
      token: ada.token,
      body: { answer: 'I answer myself' },
    });
    expect(answer.status).toBe(403);
    const mine = await t.call('GET', '/api/me/support', { token: ada.token });
    expect(mine.body.questions[0]).toMatchObject({ status: 'open', answer: null });
  });

  it('validates the question, the answer and the filters', async () => {
    const ada = await t.register();
    const bad = [
      { subject: '', message: 'm' },
      { subject: 'x'.repeat(201), message: 'm' },
      { subject: 's', message: '' },
      { subject: 's', message: 'x'.repeat(5001) },
      { message: 'no subject' },
    ];
    for (const body of bad) {
      const res = await t.call('POST', '/api/support', { token: ada.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const longest = await t.call('POST', '/api/support', {
      token: ada.token,
      body: { subject: 'x'.repeat(200), message: 'y'.repeat(5000) },
    });
    expect(longest.status).toBe(201);

    const empty = await t.call('POST', `/api/admin/support/${longest.body.questionId}/answer`, {
      token: admin,
      body: { answer: '' },
    });
    expect(empty.status).toBe(400);
    expect((await t.call('GET', '/api/admin/support?status=closed', { token: admin })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/support?page=0', { token: admin })).status).toBe(400);
    expect((await t.call('POST', '/api/admin/support/not-a-uuid/answer', { token: admin, body: { answer: 'a' } })).status).toBe(400);
  });
});
