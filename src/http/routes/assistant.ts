import { createRoute } from '@hono/zod-openapi';
import { systemClock, type Clock } from '../../actors/runtime/types.js';
import { createAssistant } from '../../assistant/index.js';
import type { AppDeps } from '../app-env.js';
import { createRouter } from '../router.js';
import { AssistantAnswer, AssistantRequest } from '../schemas/assistant.js';
import { problems } from '../schemas/common.js';

/** Anonymous or signed in: a token only personalises the answer. */
const optionalBearer: Record<string, string[]>[] = [{}, { bearer: [] }];

const askRoute = createRoute({
  method: 'post',
  path: '/api/assistant',
  tags: ['assistant'],
  summary: 'Ask the assistant a question; it answers from live data with suggested next steps',
  description:
    "Answers what's on (city, day, category), seats left for a show, how to book and pay, refunds, the " +
    'waitlist and, with a bearer token, your own bookings. No login needed; rules and the catalog, no outside service.',
  security: optionalBearer,
  request: { body: { required: true, content: { 'application/json': { schema: AssistantRequest } } } },
  responses: {
    200: { description: 'The answer', content: { 'application/json': { schema: AssistantAnswer } } },
    ...problems(400),
  },
});

export function assistantRoutes({ db, clock = systemClock }: Pick<AppDeps, 'db'> & { clock?: Clock }) {
  const assistant = createAssistant({ db, clock });
  return createRouter().openapi(askRoute, async (c) => {
    const { message } = c.req.valid('json');
    const user = c.get('user');
    const reply = await assistant.ask(message, user ? { userId: user.userId, name: user.name } : undefined);
    return c.json(reply, 200);
  });
}
