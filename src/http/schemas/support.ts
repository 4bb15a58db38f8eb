import { z } from '@hono/zod-openapi';
import { Id, IsoTime } from './common.js';

/** Support questions and audit entries are listed in pages of this many. */
export const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;

const page = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE)
  .default(1)
  .openapi({ param: { name: 'page', in: 'query' }, description: `1-based page number, ${PAGE_SIZE} per page` });

export const AskQuestionRequest = z
  .object({
    subject: z.string().trim().min(1).max(200).openapi({ example: 'Wheelchair access' }),
    message: z.string().trim().min(1).max(5000).openapi({ example: 'Is the balcony reachable without stairs?' }),
    bookingId: Id.optional().openapi({ description: 'One of your bookings the question is about' }),
  })
  .openapi('AskQuestionRequest');

export const AnswerQuestionRequest = z
  .object({ answer: z.string().trim().min(1).max(5000).openapi({ example: 'Yes, there is a lift by door 3.' }) })
  .openapi('AnswerQuestionRequest');

export const QuestionParams = z.object({
  questionId: z.uuid().openapi({ param: { name: 'questionId', in: 'path' }, example: '3f0c1a52-9f43-4c1e-8c0e-2f4f4d1b7a10' }),
});

export const AdminQuestionsQuery = z.object({
  status: z
    .enum(['open', 'answered'])
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Only questions in this status' }),
  page,
});

export const SupportQuestion = z
  .object({
    questionId: z.string(),
    subject: z.string(),
    message: z.string(),
    bookingId: z.string().nullable(),
    status: z.enum(['open', 'answered']),
    answer: z.string().nullable(),
    answeredAt: IsoTime.nullable(),
    answeredBy: z.string().nullable().openapi({ description: 'The user id of the admin who answered' }),
    createdAt: IsoTime,
  })
  .openapi('SupportQuestion');

export const MyQuestions = z.object({ questions: z.array(SupportQuestion) }).openapi('MyQuestions');

export const AdminSupportQuestion = SupportQuestion.extend({ userId: z.string() }).openapi('AdminSupportQuestion');

export const AdminQuestions = z
  .object({
    questions: z.array(AdminSupportQuestion),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi('AdminQuestions');

export const AuditQuery = z.object({
  action: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ param: { name: 'action', in: 'query' }, description: 'Only entries of this action', example: 'venue.create' }),
  page,
});

export const AuditEntry = z
  .object({
    id: z.number().int(),
    adminUserId: z.string(),
    action: z.string().openapi({ example: 'show.create' }),
    targetType: z.string().openapi({ example: 'show' }),
    targetId: z.string(),
    details: z.record(z.string(), z.unknown()),
    createdAt: IsoTime,
  })
  .openapi('AuditEntry');

export const AuditLog = z
  .object({
    entries: z.array(AuditEntry),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi('AuditLog');
