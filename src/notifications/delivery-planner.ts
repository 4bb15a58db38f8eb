import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { deliveries, users, webhooks, type DeliveryChannel, type OutboxRow } from '../db/schema/index.js';
import type { OutboxConsumer } from '../outbox/consumer.js';
import type { EmailPayload, WebhookPayload } from './delivery-types.js';
import { messageLink, renderMessage, type MessageLink } from './messages.js';
import { labelOf, showLabels } from './show-label.js';

interface PlannedDelivery {
  outbox_id: number;
  channel: DeliveryChannel;
  target: string;
  payload: object;
}

export interface DeliveryPlannerOptions {
  /** Emails planned to one address per hour, the verification email included; more are not sent. */
  emailsPerRecipientPerHour: number;
  /**
   * The web site's address as customers reach it (SITE_URL, else the node's own URL), for the links
   * in emails that ask the reader to act (pay for offered seats); unset: such emails carry no link.
   */
  siteUrl?: string;
}

/**
 * Plans what is sent outside for a fact: an email to the user it concerns, and one call per active
 * webhook subscribed to its topic. The messages are fixed here, in the dispatch transaction, so a
 * retry sends exactly what was planned; the delivery worker only sends.
 *
 * Until its owner has confirmed it, an address gets the verification and password reset emails and
 * nothing else (the inbox still gets every notification), so registering with someone else's address
 * cannot mail them more than links they may ignore; and no address gets more than
 * `emailsPerRecipientPerHour` emails.
 */
export function createDeliveryPlanner(opts: DeliveryPlannerOptions): OutboxConsumer {
  const plan = (tx: Executor, facts: readonly OutboxRow[]) => planDeliveries(tx, facts, opts);
  return { name: 'delivery-planner', consume: (tx, event) => plan(tx, [event]), consumeBatch: plan };
}

export const deliveryPlanner: OutboxConsumer = createDeliveryPlanner({ emailsPerRecipientPerHour: 20 });

function verificationEmail(user: { email: string; name: string }, link: string): EmailPayload {
  return {
    to: user.email,
    toName: user.name,
    subject: 'Confirm your email address',
    text:
      `Hello ${user.name},\n\nOpen this link to confirm that this is your address, so Showtime can send ` +
      `you your bookings and tickets:\n\n${link}\n\nIt works for 24 hours. If you did not register, ` +
      'ignore this email: nothing more will be sent to you.\n\nShowtime',
    topic: 'account.verify_email',
  };
}

function passwordResetEmail(user: { email: string; name: string }, link: string, validMinutes: unknown): EmailPayload {
  const valid = typeof validMinutes === 'number' ? `for ${validMinutes} minutes` : 'for a short while';
  return {
    to: user.email,
    toName: user.name,
    subject: 'Set your Showtime password',
    text:
      `Hello ${user.name},\n\nSomeone, we hope you, asked to set a new password for your Showtime account. ` +
      `Open this link to choose one:\n\n${link}\n\nIt works once, ${valid}. Setting the password signs ` +
      'you out on every device. If you did not ask for this, ignore this email: your password stays as ' +
      'it is.\n\nShowtime',
    topic: 'account.password_reset',
  };
}

/** The message's text, and the link to the page it asks its reader to act on when there is one. */
function emailText(name: string, body: string, link: string | null): string {
  return `Hello ${name},\n\n${body}${link ? `\n\n${link}` : ''}\n\nShowtime`;
}

/** Users, show labels and webhooks are read once per batch, and everything planned is one insert. */
async function planDeliveries(tx: Executor, facts: readonly OutboxRow[], opts: DeliveryPlannerOptions): Promise<void> {
  const userIds = [...new Set(facts.flatMap((f) => (f.userId ? [f.userId] : [])))];
  const [recipients, labels, hooks] = await Promise.all([
    userIds.length === 0
      ? []
      : tx
          .select({ id: users.id, email: users.email, name: users.name, verifiedAt: users.emailVerifiedAt })
          .from(users)
          .where(inArray(users.id, userIds)),
    showLabels(tx, facts),
    tx.select({ id: webhooks.id, topics: webhooks.topics }).from(webhooks).where(eq(webhooks.active, true)),
  ]);
  const byId = new Map(recipients.map((u) => [u.id, u]));
  const planned: PlannedDelivery[] = [];
  for (const fact of facts) {
    const user = fact.userId ? byId.get(fact.userId) : undefined;
    if (fact.topic === 'account.verify_email') {
      const link = fact.payload.link;
      // Only to the address the link was made for: the account's email may have changed since.
      if (user && !user.verifiedAt && typeof link === 'string' && fact.payload.email === user.email) {
        planned.push({
          outbox_id: fact.id,
          channel: 'email',
          target: user.email,
          payload: verificationEmail(user, link),
        });
      }
      continue;
    }
    if (fact.topic === 'account.password_reset') {
      const link = fact.payload.link;
      // Sent whether or not the address is verified: following the link is what verifies it.
      if (user && typeof link === 'string' && fact.payload.email === user.email) {
        planned.push({
          outbox_id: fact.id,
          channel: 'email',
          target: user.email,
          payload: passwordResetEmail(user, link, fact.payload.validMinutes),
        });
      }
      continue;
    }
    const topic = fact.topic;
    if (user?.verifiedAt) {
      const message = renderMessage(topic, fact.payload, labelOf(labels, fact));
      const payload: EmailPayload = {
        to: user.email,
        toName: user.name,
        subject: message.title,
        text: emailText(user.name, message.body, siteLink(opts.siteUrl, messageLink(topic, fact.payload))),
        topic,
      };
      planned.push({ outbox_id: fact.id, channel: 'email', target: user.email, payload });
    }
    // An empty topic list subscribes to everything.
    const subscribed = hooks.filter((h) => h.topics.length === 0 || h.topics.includes(topic));
    if (subscribed.length === 0) continue;
    const data = {
      ...fact.payload,
      ...(fact.userId ? { userId: fact.userId } : {}),
      ...(fact.showId ? { showId: fact.showId } : {}),
    };
    const payload: WebhookPayload = { topic, createdAt: fact.createdAt.toISOString(), data };
    for (const hook of subscribed) {
      planned.push({ outbox_id: fact.id, channel: 'webhook', target: hook.id, payload });
    }
  }
  const allowed = await withinRecipientLimit(tx, planned, opts.emailsPerRecipientPerHour);
  if (allowed.length === 0) return;
  // One JSON parameter rather than five per row: cheaper to build and bind, and no parameter limit.
  await tx.execute(sql`insert into deliveries (id, outbox_id, channel, target, payload)
    select gen_random_uuid()::text, d.outbox_id, d.channel, d.target, d.payload
    from jsonb_to_recordset(${JSON.stringify(allowed)}::text::jsonb)
      as d(outbox_id bigint, channel text, target text, payload jsonb)
    on conflict do nothing`);
}

/** "Label: https://site/path", built like the verification link (the site's origin, one slash). */
function siteLink(siteUrl: string | undefined, link: MessageLink | null): string | null {
  if (!siteUrl || !link) return null;
  return `${link.label}: ${siteUrl.replace(/\/+$/, '')}${link.path}`;
}

/** Drops emails past the per-recipient hourly limit, counting what was planned in the last hour. */
async function withinRecipientLimit(
  tx: Executor,
  planned: PlannedDelivery[],
  perHour: number,
): Promise<PlannedDelivery[]> {
  const addresses = [...new Set(planned.filter((d) => d.channel === 'email').map((d) => d.target))];
  if (addresses.length === 0) return planned;
  const recent = await tx
    .select({ target: deliveries.target, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channel, 'email'),
        inArray(deliveries.target, addresses),
        gt(deliveries.createdAt, sql`now() - interval '1 hour'`),
      ),
    )
    .groupBy(deliveries.target);
  const sent = new Map(recent.map((r) => [r.target, r.n]));
  return planned.filter((d) => {
    if (d.channel !== 'email') return true;
    const n = sent.get(d.target) ?? 0;
    sent.set(d.target, n + 1);
    return n < perHour;
  });
}
