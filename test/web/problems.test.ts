import { describe, expect, it } from 'vitest';

interface Modules {
  ApiProblem: new (status: number, body: unknown) => Error;
  problemMessage(err: unknown): string;
}

// Browser modules (checked by tsconfig.client.json), loaded by path so the server's type check leaves them out.
const apiPath: string = '../../src/http/web/assets/js/api.js';
const problemsPath: string = '../../src/http/web/assets/js/problems.js';
const { ApiProblem } = (await import(apiPath)) as Pick<Modules, 'ApiProblem'>;
const { problemMessage } = (await import(problemsPath)) as Pick<Modules, 'problemMessage'>;

describe('problemMessage (what an API problem tells a customer)', () => {
  it('says the seats went back on sale when the problem says the declined payment ended the hold', () => {
    const declined = { type: 'about:blank', title: 'Payment declined', status: 402, code: 'payment_declined' };
    expect(problemMessage(new ApiProblem(402, { ...declined, holdEnded: true }))).toMatch(/seats were released/);
    expect(problemMessage(new ApiProblem(402, declined))).toMatch(/seats stay held/);
  });

  it('lists the fields of a validation problem, and falls back to the detail or a plain sentence', () => {
    const invalid = new ApiProblem(400, {
      code: 'validation_failed',
      detail: 'Invalid request',
      errors: [{ path: 'quantity', message: 'Too big' }],
    });
    expect(problemMessage(invalid)).toBe('quantity: Too big');
    expect(problemMessage(new ApiProblem(409, { code: 'sold_out' }))).toBe('Sold out: every seat is booked.');
    expect(problemMessage(new ApiProblem(418, { code: 'teapot', detail: 'I am a teapot' }))).toBe('I am a teapot');
    expect(problemMessage(new Error('boom'))).toBe('Something went wrong. Please try again.');
  });
});
