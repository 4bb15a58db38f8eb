import type { ApiClient } from '../api/client.js';
import type { QueueTicket, ShowDetails } from '../api/types.js';
import { ApiProblem, NeedsActionError } from '../errors.js';
import { formatRemaining, formatTime } from '../render/format.js';
import type { Command } from './command.js';

/** How long one long poll may wait; under the client's own 30 s request timeout. */
const WAIT_SECONDS = 25;
/** A refusal without Retry-After is tried again after this; a server that keeps refusing ends the command. */
const BUSY_RETRY_MS = 3000;
const BUSY_ATTEMPTS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A refusal that says "later": the server shedding load (503) or a rate limit (429). */
const isBusy = (err: unknown): err is ApiProblem =>
  err instanceof ApiProblem && (err.status === 503 || err.status === 429);

/**
 * The pause before trying a refused request again: the server's Retry-After (never sooner), else
 * BUSY_RETRY_MS, plus up to half again at random, so clients refused together do not return together.
 */
export function busyDelayMs(err: ApiProblem, random: () => number = Math.random): number {
  return Math.round((err.retryAfterMs ?? BUSY_RETRY_MS) * (1 + random() / 2));
}

/** Runs `attempt`, and again after the server's pause while it answers busy (at most BUSY_ATTEMPTS times). */
export async function whenNotBusy<T>(
  attempt: () => Promise<T>,
  onBusy: (err: ApiProblem, ms: number) => void,
  wait: (ms: number) => Promise<unknown> = pause,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err) || tries >= BUSY_ATTEMPTS) throw err;
      const ms = busyDelayMs(err);
      onBusy(err, ms);
      await wait(ms);
    }
  }
}

/**
 * Follows a queued ticket until it is no longer queued: the SSE stream (it starts with the view as it
 * is now, so a change made just after joining is not missed), long polls if the stream cannot be had
 * or ends early (the room moved node). `onPlace` hears every queued view.
 */
async function followUntilTurn(
  api: ApiClient,
  showId: string,
  first: QueueTicket,
  onPlace: (t: QueueTicket) => void,
  onBusy: (err: ApiProblem, ms: number) => void,
): Promise<QueueTicket> {
  let ticket = first;
  try {
    for await (const view of api.queueEvents(showId, ticket.ticketId)) {
      ticket = view;
      if (view.status !== 'queued') return view;
      onPlace(view);
    }
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) throw err;
    // A busy server that refused the stream is not asked again, by long poll, before it said.
    if (isBusy(err)) await pause(busyDelayMs(err));
  }
  while (ticket.status === 'queued') {
    onPlace(ticket);
    const { ticketId } = ticket;
    ticket = await whenNotBusy(() => api.queueTicket(showId, ticketId, WAIT_SECONDS), onBusy);
  }
  return ticket;
}

function waitWords(seconds: number | null): string {
  if (seconds === null) return 'working out the wait';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** One line per change of place: what a person watching the queue wants to know. */
export function describeTicket(t: QueueTicket): string {
  if (t.position === null)
    return `In the waiting room (ticket ${t.ticketId}): places are drawn at random when sales open.`;
  const ahead =
    t.ahead === 0 ? 'nobody ahead, you are next' : `${t.ahead} ${t.ahead === 1 ? 'person' : 'people'} ahead`;
  return `Position ${t.position} (${ahead}) · ${waitWords(t.estimatedWaitSeconds)} · ${t.admittedLastMinute} let in over the last minute`;
}

/** Joins; a room that is not open yet says when it opens instead of a bare refusal. */
async function join(
  api: ApiClient,
  show: ShowDetails,
  onBusy: (err: ApiProblem, ms: number) => void,
): Promise<QueueTicket> {
  const { showId, title, timeZone } = show;
  try {
    return await whenNotBusy(() => api.joinQueue(showId), onBusy);
  } catch (err) {
    if (!(err instanceof ApiProblem) || err.code !== 'room_not_open') throw err;
    const room = await api.room(showId);
    if (!room.enabled) throw new NeedsActionError(`${title} has no waiting room: book straight away.`);
    throw new NeedsActionError(
      `The waiting room for ${title} opens at ${formatTime(room.preQueueAt, timeZone)}; sales open at ${formatTime(room.salesOpenAt, timeZone)}.`,
    );
  }
}

export const queueCommand: Command = {
  name: 'queue',
  usage: 'queue <showId>',
  summary: "join the show's waiting room and follow your place until it is your turn",
  details: [
    'joining again keeps the same place; when admitted the token is saved and book/hold commands send it',
    'in a terminal the place is redrawn on one line; piped, one line per change',
  ],
  minArgs: 1,
  maxArgs: 1,
  async run({ session, out, options, now, interactive }, [showId]) {
    session.requireLogin();
    const show = await session.api.show(showId!);
    // Under --json stdout carries only the final ticket; the live place goes to stderr.
    const say = options.json ? out.err : out.out;
    const live = !options.json && interactive;
    // The place is kept while the server sheds load: joins and polls are tried again when it says.
    const onBusy = (_err: ApiProblem, ms: number) =>
      out.err(`The server is busy with the on-sale; trying again in ${Math.ceil(ms / 1000)} s.`);
    let ticket = await join(session.api, show, onBusy);
    say(`Waiting room for ${show.title} (${formatTime(show.startsAt, show.timeZone)}), ticket ${ticket.ticketId}.`);
    let last = '';
    const showPlace = (t: QueueTicket) => {
      const line = describeTicket(t);
      if (line === last) return;
      if (live) process.stdout.write(`\r\x1b[2K${line}`);
      else say(line);
      last = line;
    };
    if (ticket.status === 'queued') {
      showPlace(ticket);
      ticket = await followUntilTurn(session.api, show.showId, ticket, showPlace, onBusy);
    }
    if (live && last) process.stdout.write('\n');

    if (options.json) out.out(JSON.stringify(ticket, null, 2));
    switch (ticket.status) {
      case 'admitted': {
        if (ticket.admissionToken && ticket.turnEndsAt) {
          await session.saveAdmission(show.showId, { token: ticket.admissionToken, turnEndsAt: ticket.turnEndsAt });
        }
        const left = ticket.turnEndsAt ? ` (${formatRemaining(ticket.turnEndsAt, now().getTime())} left)` : '';
        say(out.colors.green(`It is your turn until ${formatTime(ticket.turnEndsAt)}${left}.`));
        say(`Next: showtime book ${show.showId} <count>   (or: showtime seats ${show.showId})`);
        say('The admission token is saved; holds in this show send it until the turn ends.');
        return;
      }
      case 'soldOut':
        say('Sold out: every seat is sold or held. Seats that free up go to the waitlist first.');
        say(`Join it on the web: ${session.url}/shows/${encodeURIComponent(show.showId)}#waitlist`);
        return;
      case 'done':
        say('Your turn has ended (it ran out, or your seats were booked or released).');
        return;
      case 'ended':
        say(`The waiting room is closed: book straight away with book ${show.showId} <count>.`);
        return;
    }
  },
};
