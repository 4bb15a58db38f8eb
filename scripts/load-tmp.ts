import { readFileSync } from 'node:fs';
import { createClient } from './bench/http-client.js';
const [url, showId, pid, mode] = process.argv.slice(2);
const client = createClient(url!, 300);
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const tokens: string[] = [];
for (let i = 0; i < 100; i++) { const r = await client('POST', '/api/auth/register', { email: `l${Date.now()}${i}@x.com`, password: 'password123', name: 'L' }); tokens.push(r.body.token); }
const c0 = cpu(); const t0 = performance.now(); let n = 0;
await Promise.all(tokens.map(async (tk) => { const auth = { authorization: `Bearer ${tk}` }; for (let i = 0; i < 60; i++) { const r = await client('POST', `/api/shows/${showId}/holds`, { quantity: 1 }, auth); n++; if (r.status === 201) { await client('DELETE', `/api/shows/${showId}/holds/${r.body.holdId}`, undefined, auth); n++; } } }));
const ms = performance.now() - t0; const c1 = cpu();
console.log(mode, 'req/s', (n / ms * 1000).toFixed(0), 'server cpu ms per req', ((c1 - c0) / n).toFixed(3));
