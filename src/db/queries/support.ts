import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { bookings } from '../schema/bookings.js';
import { supportQuestions, type SupportQuestionRow, type SupportStatus } from '../schema/support.js';

export type AskResult = { ok: true; question: SupportQuestionRow } | { ok: false; code: 'booking_not_found' };

/** Files a question; a booking it refers to must be the asker's own. */
export async function askQuestion(
  db: Executor,
  input: { userId: string; subject: string; message: string; bookingId?: string },
): Promise<AskResult> {
  if (input.bookingId !== undefined) {
    const [own] = await db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.id, input.bookingId), eq(bookings.userId, input.userId)));
    if (!own) return { ok: false, code: 'booking_not_found' };
  }
  const [question] = await db
    .insert(supportQuestions)
    .values({
      id: randomUUID(),
      userId: input.userId,
      bookingId: input.bookingId ?? null,
      subject: input.subject,
      message: input.message,
    })
    .returning();
  return { ok: true, question: question! };
}

/** A user's own questions, newest first. */
export async function listUserQuestions(db: Executor, userId: string): Promise<SupportQuestionRow[]> {
  return db
    .select()
    .from(supportQuestions)
    .where(eq(supportQuestions.userId, userId))
    .orderBy(desc(supportQuestions.createdAt), desc(supportQuestions.id));
}

/** Questions for admins, newest first, optionally of one status. */
export async function listQuestions(
  db: Executor,
  filter: { status?: SupportStatus; page: number; pageSize: number },
): Promise<{ questions: SupportQuestionRow[]; total: number }> {
  const where = filter.status === undefined ? undefined : eq(supportQuestions.status, filter.status);
  const [questions, [counted]] = await Promise.all([
    db
      .select()
      .from(supportQuestions)
      .where(where)
      .orderBy(desc(supportQuestions.createdAt), desc(supportQuestions.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: count() }).from(supportQuestions).where(where),
  ]);
  return { questions, total: counted?.total ?? 0 };
}

/** Records the answer; answering again replaces it (an admin correcting a reply). null if no such question. */
export async function answerQuestion(
  db: Executor,
  input: { questionId: string; answer: string; adminUserId: string },
): Promise<SupportQuestionRow | null> {
  const [question] = await db
    .update(supportQuestions)
    .set({ answer: input.answer, status: 'answered', answeredAt: sql`now()`, answeredBy: input.adminUserId })
    .where(eq(supportQuestions.id, input.questionId))
    .returning();
  return question ?? null;
}
