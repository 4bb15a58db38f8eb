import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { AppEnv } from './app-env.js';
import { ApiError, type FieldError } from './errors.js';

/** Schemas attach `params: { code }` to an issue when a failed check has its own documented code. */
function issueCode(issue: ZodError['issues'][number]): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const code = (issue.params as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The one place a failed parse becomes an answer: 400 validation_failed listing every offending field
 * (or the specific code a schema attached, e.g. too_many_seats).
 */
export function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
  _c: Context<AppEnv>,
): void {
  if (result.success) return;
  const issues = result.error.issues;
  const errors: FieldError[] = issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : result.target,
    message: i.message,
  }));
  const special = issues.map(issueCode).find((c) => c !== undefined);
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new ApiError(special ?? 'validation_failed', 400, detail, { errors });
}
