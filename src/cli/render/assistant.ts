import type { AssistantAnswer } from '../api/types.js';
import type { Colors } from '../output.js';

/**
 * The assistant's reply, then its suggested next steps: pages as full URLs of the server, API calls
 * as method, path and body, so either can be copied as is.
 */
export function renderAnswer(answer: AssistantAnswer, baseUrl: string, colors: Colors): string[] {
  const lines = answer.reply.split('\n');
  if (answer.actions.length === 0) return lines;
  lines.push('', colors.dim('Next steps:'));
  for (const a of answer.actions) {
    const target =
      a.kind === 'link'
        ? baseUrl + a.href
        : `${a.method} ${a.path}${a.body === undefined ? '' : ` ${JSON.stringify(a.body)}`}`;
    lines.push(`  ${colors.bold(a.label)}  ${colors.cyan(target)}`);
  }
  return lines;
}
