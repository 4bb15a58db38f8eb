import { createRoute } from '@hono/zod-openapi';
import { recordAdminAction } from '../../db/queries/audit.js';
import { answerQuestion, askQuestion, listQuestions, listUserQuestions } from '../../db/queries/support.js';
import type { SupportQuestionRow } from '../../db/schema/support.js';
import type { AppDeps } from '../app-env.js';
import { ApiError } from '../errors.js';
import { requireAdmin, requireUser, userOf } from '../middleware/auth.js';
import { createRouter } from '../router.js';
import { bearer, problems } from '../schemas/common.js';
import {
  AdminQuestions,
  AdminQuestionsQuery,
  AdminSupportQuestion,
  AnswerQuestionRequest,
  AskQuestionRequest,
  MyQuestions,
  PAGE_SIZE,
  QuestionParams,
  SupportQuestion,
} from '../schemas/support.js';

const ask = createRoute({
  method: 'post',
  path: '/api/support',
  tags: ['support'],
  summary: 'Ask support a question, optionally about one of your bookings',
  security: bearer,
  middleware: [requireUser()],
  request: { body: { required: true, content: { 'application/json': { schema: AskQuestionRequest } } } },
  responses: {
    201: { description: 'Filed', content: { 'application/json': { schema: SupportQuestion } } },
    ...problems(400, 401, 404),
  },
});

const mine = createRoute({
  method: 'get',
  path: '/api/me/support',
  tags: ['support'],
  summary: 'Your questions to support and their answers, newest first',
  security: bearer,
  middleware: [requireUser()],
  responses: {
    200: { description: 'Your questions', content: { 'application/json': { schema: MyQuestions } } },
    ...problems(401),
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/admin/support',
  tags: ['admin', 'support'],
  summary: "Users' questions, newest first",
  security: bearer,
  middleware: [requireAdmin()],
  request: { query: AdminQuestionsQuery },
  responses: {
    200: { description: 'Questions', content: { 'application/json': { schema: AdminQuestions } } },
    ...problems(400, 401, 403),
  },
});

const answer = createRoute({
  method: 'post',
  path: '/api/admin/support/{questionId}/answer',
  tags: ['admin', 'support'],
  summary: 'Answer a question (answering again replaces the answer)',
  security: bearer,
  middleware: [requireAdmin()],
  request: {
    params: QuestionParams,
    body: { required: true, content: { 'application/json': { schema: AnswerQuestionRequest } } },
  },
  responses: {
    200: { description: 'Answered', content: { 'application/json': { schema: AdminSupportQuestion } } },
    ...problems(400, 401, 403, 404),
  },
});

function view(q: SupportQuestionRow) {
  return {
    questionId: q.id,
    subject: q.subject,
    message: q.message,
    bookingId: q.bookingId,
    status: q.status,
    answer: q.answer,
    answeredAt: q.answeredAt?.toISOString() ?? null,
    answeredBy: q.answeredBy,
    createdAt: q.createdAt.toISOString(),
  };
}

const adminView = (q: SupportQuestionRow) => ({ ...view(q), userId: q.userId });

export function supportRoutes({ db }: Pick<AppDeps, 'db'>) {
  return createRouter()
    .openapi(ask, async (c) => {
      const result = await askQuestion(db, { userId: userOf(c).userId, ...c.req.valid('json') });
      // Someone else's booking answers like a missing one, so booking ids cannot be probed.
      if (!result.ok) throw new ApiError('not_found', 404, 'No such booking of yours');
      return c.json(view(result.question), 201);
    })
    .openapi(mine, async (c) => {
      const questions = await listUserQuestions(db, userOf(c).userId);
      return c.json({ questions: questions.map(view) }, 200);
    })
    .openapi(list, async (c) => {
      const { status, page } = c.req.valid('query');
      const { questions, total } = await listQuestions(db, { status, page, pageSize: PAGE_SIZE });
      return c.json({ questions: questions.map(adminView), page, pageSize: PAGE_SIZE, total }, 200);
    })
    .openapi(answer, async (c) => {
      const { questionId } = c.req.valid('param');
      const adminUserId = userOf(c).userId;
      // The answer and its audit entry commit together.
      const answered = await db.transaction(async (tx) => {
        const question = await answerQuestion(tx, { questionId, answer: c.req.valid('json').answer, adminUserId });
        if (question) {
          await recordAdminAction(tx, {
            adminUserId,
            action: 'support.answer',
            targetType: 'support_question',
            targetId: question.id,
            details: { userId: question.userId },
          });
        }
        return question;
      });
      if (!answered) throw new ApiError('not_found', 404, 'No such question');
      return c.json(adminView(answered), 200);
    });
}
