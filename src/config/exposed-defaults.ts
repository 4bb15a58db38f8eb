import { isIP } from 'node:net';
import type { Env } from './env.js';

/** The admin password everyone can read in the README. */
export const DEFAULT_ADMIN_PASSWORD = 'admin-password';

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Why this configuration must not start, or null. Published defaults (the admin password, the demo
 * catalog's promo codes) are fine on a developer's loopback interface and nowhere else, unless the
 * operator says so with ALLOW_DEMO_DEFAULTS=on (a demo on a shared network).
 */
export function exposedDefaultsProblem(
  env: Pick<Env, 'HOST' | 'ADMIN_PASSWORD' | 'SEED' | 'ALLOW_DEMO_DEFAULTS'>,
): string | null {
  if (env.ALLOW_DEMO_DEFAULTS === 'on' || isLoopbackHost(env.HOST)) return null;
  const published = [
    ...(env.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD ? ['the default ADMIN_PASSWORD'] : []),
    ...(env.SEED === 'demo' ? ['SEED=demo (its promo codes are published)'] : []),
  ];
  if (published.length === 0) return null;
  return (
    `HOST=${env.HOST} is not a loopback address, and the configuration uses ${published.join(' and ')}. ` +
    'Set ADMIN_PASSWORD (and ADMIN_EMAIL) and SEED=none, or listen on 127.0.0.1, ' +
    'or set ALLOW_DEMO_DEFAULTS=on to start anyway.'
  );
}
