import { z } from '@hono/zod-openapi';

export const UserIdParam = z.object({
  userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' }, example: '8b7f3d30-1f0a-4f7b-9a57-6b3f0f0b6c21' }),
});

export const RoleChange = z.object({ role: z.enum(['customer', 'admin']) }).openapi('RoleChange');

export const UserRole = z
  .object({ userId: z.string(), email: z.string(), role: z.enum(['customer', 'admin']) })
  .openapi('UserRole');
