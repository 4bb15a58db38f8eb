import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCount, parseShowDate } from '../../src/cli/args.js';
import { resolveConfigPath, saveConfig } from '../../src/cli/config-store.js';
import { UsageError } from '../../src/cli/errors.js';
import { createLinePrompter, LineReader } from '../../src/cli/menu/line-prompter.js';
import { layoutFor, rowLabel } from '../../src/cli/ops/create-show.js';
import { formatMoney } from '../../src/cli/render/format.js';
import { openSession } from '../../src/cli/session.js';

describe('terminal client pieces', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'showtime-cli-unit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads show dates on the venue's clock unless a zone is given, and refuses impossible ones", () => {
    expect(parseShowDate('2030-06-01')).toEqual({ local: '2030-06-01T19:00' });
    expect(parseShowDate('2030-06-01 20:15')).toEqual({ local: '2030-06-01T20:15' });
    expect(parseShowDate('2030-06-01T20:15:00+02:00')).toEqual({ at: new Date('2030-06-01T18:15:00.000Z') });
    for (const bad of ['2030-02-30', '2030-13-01', 'tomorrow', '01/06/2030', '2030-06-01T25:00']) {
      expect(() => parseShowDate(bad)).toThrow(UsageError);
    }
  });

  it('counts are whole numbers within bounds', () => {
    expect(parseCount('count', '3', 1, 10)).toBe(3);
    for (const bad of ['0', '11', '-1', '2.5', '1e2', '']) expect(() => parseCount('count', bad, 1, 10)).toThrow(UsageError);
  });

  it('lays out exactly the asked capacity: one standing section, or rows of 20 labelled A..Z, AA..', () => {
    expect([rowLabel(0), rowLabel(25), rowLabel(26), rowLabel(701), rowLabel(702)]).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    const reserved = layoutFor('reserved', 545).sections[0]!;
    if (reserved.kind !== 'reserved') throw new Error('expected reserved');
    expect(reserved.rows.reduce((n, r) => n + r.seats, 0)).toBe(545);
    expect(reserved.rows.at(-1)).toMatchObject({ row: 'AB', seats: 5 });
    expect(new Set(reserved.rows.map((r) => r.row)).size).toBe(reserved.rows.length);
    expect(layoutFor('general', 7).sections).toEqual([
      { name: 'General Admission', kind: 'general', capacity: 7, category: 'standing' },
    ]);
  });

  it('formats minor units without floating point', () => {
    expect(formatMoney({ amount: 1999, currency: 'EUR' })).toBe('€19.99');
    expect(formatMoney({ amount: 5, currency: 'GBP' })).toBe('£0.05');
    expect(formatMoney({ amount: -150, currency: 'CHF' })).toBe('-1.50 CHF');
  });

  it('finds the config file: flag, then SHOWTIME_CONFIG, then XDG, then ~/.config', () => {
    expect(resolveConfigPath('/x/c.json', { SHOWTIME_CONFIG: '/y.json' })).toBe('/x/c.json');
    expect(resolveConfigPath(undefined, { SHOWTIME_CONFIG: '/y.json', XDG_CONFIG_HOME: '/xdg' })).toBe('/y.json');
    expect(resolveConfigPath(undefined, { XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/showtime/config.json');
    expect(resolveConfigPath(undefined, { HOME: '/home/ann' })).toBe('/home/ann/.config/showtime/config.json');
  });

  it('sends a saved token only to the server that issued it', async () => {
    const path = join(dir, 'nested', 'config.json');
    await saveConfig(path, { url: 'http://a.test:3000', token: 'tok-a', email: 'ann@example.com' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const sameServer = await openSession({ url: 'http://a.test:3000/', configPath: path, env: {} });
    expect(sameServer.api.token).toBe('tok-a');
    expect(sameServer.email()).toBe('ann@example.com');
    const otherServer = await openSession({ url: 'http://b.test:3000', configPath: path, env: {} });
    expect(otherServer.api.token).toBeUndefined();
    expect(otherServer.isLoggedIn()).toBe(false);
    const fromConfig = await openSession({ configPath: path, env: {} });
    expect(fromConfig.url).toBe('http://a.test:3000');
    await fromConfig.clearLogin();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ url: 'http://a.test:3000', email: 'ann@example.com' });
  });

  it('the line prompter takes a number or a name, re-asks on nonsense, and ends on end of input', async () => {
    const input = new PassThrough();
    let written = '';
    const prompter = createLinePrompter(new LineReader(input), (t) => (written += t));
    input.write('9\nsecond\n\nnope\ny\n');
    const choices = [
      { name: 'First', value: 1 },
      { name: 'Second', value: 2 },
    ];
    await expect(prompter.select('Pick', choices)).resolves.toBe(2);
    expect(written).toContain('Please answer with a number from 1 to 2.');
    await expect(prompter.input('Count', { default: '2' })).resolves.toBe('2');
    await expect(prompter.confirm('Sure?')).resolves.toBe(true);
    expect(written).toContain('Please answer y or n.');
    input.end();
    await expect(prompter.select('Again', choices)).rejects.toMatchObject({ name: 'PromptAborted' });
  });
});
