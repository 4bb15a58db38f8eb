import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination, REDACTED } from '../../src/observability/logger.js';

/** A stdout stand-in that keeps what was written; `isTTY` as a terminal or a pipe reports it. */
function fakeStdout(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('log format', () => {
  it('prints readable lines at a terminal, with secrets still redacted', () => {
    const stdout = fakeStdout(true);
    const destination = logDestination('auto', stdout.stream);
    expect(destination).toBeDefined();
    const log = createLogger('info', {}, destination);
    log.info({ route: '/api/shows/:showId/holds', status: 201, password: 'hunter2-top' }, 'request');
    const out = plain(stdout.text());
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request\n/);
    expect(out).toContain('route: "/api/shows/:showId/holds"');
    expect(out).toContain(`password: "${REDACTED}"`);
    expect(out).not.toContain('hunter2-top');
    expect(() => JSON.parse(out)).toThrow();
  });

  it('keeps JSON lines when stdout is a pipe or a file, and when LOG_FORMAT=json at a terminal', () => {
    expect(logDestination('auto', fakeStdout(false).stream)).toBeUndefined();
    expect(logDestination('json', fakeStdout(true).stream)).toBeUndefined();
  });

  it('prints readable lines into a pipe when LOG_FORMAT=pretty, without colours', () => {
    const stdout = fakeStdout(false);
    const log = createLogger('info', {}, logDestination('pretty', stdout.stream));
    log.warn({ showId: 'concert_2025' }, 'slow write');
    expect(stdout.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: slow write\n {4}showId: "concert_2025"\n$/);
  });
});
