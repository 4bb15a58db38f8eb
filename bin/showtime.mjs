#!/usr/bin/env node
// `showtime`: the terminal client (src/cli) run through tsx, as `npm start` runs the server, so the
// command works from a clone after `npm ci` (`npx showtime`, or `npm link` for a global one).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
