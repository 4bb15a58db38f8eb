import type { ShowEvent, ShowOutcome } from '../show/types.js';
import type { HoldView } from '../show/views.js';
import type { SeatMapView, ShowSummary } from '../show/view-types.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as callers send it: the runtime stamps `now` from its clock. */
export type ShowCommand = DistributiveOmit<ShowEvent, 'now'>;

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type { SeatMapView, SeatStatusView, ShowSummary } from '../show/view-types.js';

/** A live hold with its seats named, its show and its currency. */
export type LiveHold = HoldView & { showId: string; currency: string };

/** Who holds a live hold and its status. */
export type LiveHoldStatus = Pick<HoldView, 'userId' | 'status'>;

/** Published after a batch commits: what subscribers (SSE, long polls) may tell clients. */
export interface CommittedChange {
  showId: string;
  seq: number;
  outcomes: ShowOutcome[];
  summary: ShowSummary;
  /** Every command of the batch in order, with the state it left the show in (for the inspector). */
  steps: CommittedStep[];
}

export interface CommittedStep {
  /** Journal position; null for a refusal, which changes nothing and is not journaled. */
  seq: number | null;
  event: ShowEvent;
  /** The state value after the command, e.g. "onSale.allHeld". */
  state: string;
  outcomes: ShowOutcome[];
}

/** One live show actor in this process, for the inspector. */
export interface LiveShowInfo {
  showId: string;
  epoch: number;
  /** Last journal seq committed: the inspector shows durable state only. */
  lastSeq: number;
  /** Commands decided and waiting for their batch to be sent. */
  queueLength: number;
  summary: ShowSummary;
}

export interface ShowRuntime {
  /**
   * Applies a command to the show's actor and resolves with its outcomes once they are durable.
   * Rejects with OverloadedError (queue full or a failed write; retryable) or ShowNotFoundError.
   */
  dispatch(showId: string, command: ShowCommand): Promise<ShowOutcome[]>;
  summary(showId: string): Promise<ShowSummary>;
  seatMap(showId: string): Promise<SeatMapView>;
  /**
   * Resolves once the asynchronous read models (holds and waitlist rows) follow every decision of
   * the show committed so far. Call it before reading those rows to answer a client.
   */
  readModelsCaughtUp(showId: string): Promise<void>;
  /**
   * A hold that is live in the show (held or paying), as the show itself knows it, or null when it
   * has ended or never was: then its row in the holds read model says how it ended.
   */
  liveHold(showId: string, holdId: string): Promise<LiveHold | null>;
  /**
   * Who holds a live hold and whether it is paying, or null as for liveHold: the same answer
   * without naming its seats, for the checks on the hot path (a release).
   */
  liveHoldStatus(showId: string, holdId: string): Promise<LiveHoldStatus | null>;
  /** Listens to committed changes of one show; returns the unsubscribe function. */
  subscribe(showId: string, listener: (change: CommittedChange) => void): () => void;
  /** Ids of the shows whose actors live in this process. */
  liveShows(): string[];
  /** Snapshots and stops every live actor. */
  stop(): Promise<void>;
}

export class OverloadedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'OverloadedError';
  }
}

export class ShowNotFoundError extends Error {
  constructor(readonly showId: string) {
    super(`show ${showId} not found`);
    this.name = 'ShowNotFoundError';
  }
}

/**
 * This node does not own the show (placement says another node does, or this node's lease is not
 * renewed). Retryable: the caller should go to the owner, which the HTTP layer does by forwarding.
 */
export class NotOwnerError extends OverloadedError {
  constructor(readonly showId: string) {
    super(`show ${showId} is not owned by this node`);
    this.name = 'NotOwnerError';
  }
}
