import type { Logger } from 'pino';
import type postgres from 'postgres';
import type { Placement } from '../actors/placement/index.js';
import type { RoomRuntime } from '../actors/room-runtime/index.js';
import type { RuntimeStats } from '../actors/runtime/runtime.js';
import type { ShowRuntime } from '../actors/runtime/types.js';
import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { Checkout } from '../payments/index.js';
import type { Auth, AuthUser, Session } from './auth/types.js';

/** What the HTTP layer needs from the rest of the process; passed in, never imported as singletons. */
export interface AppDeps {
  env: Env;
  db: Db;
  sql: postgres.Sql;
  runtime: ShowRuntime;
  /** The waiting rooms hosted with their shows; without it no show has a room. */
  rooms?: RoomRuntime;
  checkout: Checkout;
  auth: Auth;
  log: Logger;
  nodeId: string;
  /** Where shows live; absent on a single node, where every show is local. */
  placement?: Placement;
  /**
   * Signs the requests this node forwards and checks those forwarded to it; every node of a cluster
   * holds the same. Without it, a request that says it was forwarded is refused.
   */
  clusterSecret?: string;
  /** The local runtime's commit counters, exported at /metrics when given. */
  runtimeStats?: () => RuntimeStats;
  /** How late the process's event loop runs (ms); with LOAD_SHED_LAG_MS, deferrable requests are refused above it. */
  eventLoopLag?: () => number;
}

/** Types `c.var` once for every route and middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** Set by the authenticate middleware when a valid bearer token came with the request. */
    user: AuthUser | undefined;
    /** The verified token behind `user`; logout revokes it. */
    session: Session | undefined;
    /** Why a sent token was not accepted; routes that need a user say so in their 401. */
    tokenProblem: string | undefined;
    /** The developer app that sent a valid X-Api-Key (it meters, it does not sign anyone in). */
    apiKey: { apiKeyId: string; ownerId: string } | undefined;
    /** Set when another node of the cluster forwarded this request and signed it. */
    forwarded: { by: string; clientIp: string } | undefined;
    /** Set by deferrableLimits on a deferrable request: waits on work without counting as in flight. */
    parkDeferrable: (<T>(work: Promise<T>) => Promise<T>) | undefined;
  };
}
