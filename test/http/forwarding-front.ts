import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Placement } from '../../src/actors/placement/index.js';
import { systemClock } from '../../src/actors/runtime/index.js';
import { loadEnv } from '../../src/config/env.js';
import { createApp } from '../../src/http/app.js';
import { createCheckout, createTestGateway } from '../../src/payments/index.js';
import { silentLog, type TestApp } from './harness.js';

export interface ForwardingFront {
  /** A node that owns no show and forwards every show request to the owner, over real HTTP. */
  front: ReturnType<typeof createApp>;
  /** Where the owner listens, for requests sent to it directly. */
  ownerUrl: string;
  close(): Promise<void>;
}

/** Puts `owner` behind a socket and builds a front node with `frontEnv` and the cluster's secret. */
export async function startForwardingFront(
  owner: TestApp,
  frontEnv: Record<string, string>,
  clusterSecret: string,
): Promise<ForwardingFront> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: owner.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const ownerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ownerMember = { nodeId: 'owner', url: ownerUrl };
  const placement: Placement = {
    nodeId: 'front',
    url: 'http://127.0.0.1:1',
    ownerOf: () => ownerMember,
    isMine: () => false,
    ringVersion: () => 'static',
    members: () => [],
    healthy: () => true,
  };
  const front = createApp({
    env: loadEnv({ SEED: 'none', LOG_LEVEL: 'silent', ...frontEnv }),
    db: owner.tdb.db,
    sql: owner.tdb.sql,
    runtime: owner.runtime,
    checkout: createCheckout({
      db: owner.tdb.db,
      runtime: owner.runtime,
      gateway: createTestGateway({ db: owner.tdb.db }),
      clock: systemClock,
      log: silentLog,
    }),
    auth: owner.auth,
    log: silentLog,
    nodeId: 'front',
    placement,
    clusterSecret,
  });
  return {
    front,
    ownerUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The front node's keep-alive connections would otherwise hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
