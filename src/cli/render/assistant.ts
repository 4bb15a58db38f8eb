import type { AssistantAction, AssistantAnswer } from '../api/types.js';
import type { Colors } from '../output.js';

/**
 * The assistant's reply, then its suggested next steps: pages as full URLs of the server, commands as
 * the command line, so either can be copied as is. A list line that a link repeats word for word gets
 * the link's URL at its end instead of a second copy among the next steps.
 */
export function renderAnswer(answer: AssistantAnswer, baseUrl: string, colors: Colors): string[] {
  type Link = Extract<AssistantAction, { kind: 'link' }>;
  const itemLinks = new Map<string, Link>();
  for (const a of answer.actions) if (a.kind === 'link') itemLinks.set(`- ${a.label}`, a);
  const used = new Set<AssistantAction>();
  const lines = answer.reply.split('\n').map((line) => {
    const link = itemLinks.get(line);
    if (!link) return line;
    used.add(link);
    return `${line}  ${colors.cyan(baseUrl + link.href)}`;
  });
  const rest = answer.actions.filter((a) => !used.has(a));
  if (rest.length === 0) return lines;
  lines.push('', colors.dim('Next steps:'));
  for (const a of rest) {
    const target = a.kind === 'link' ? baseUrl + a.href : a.command;
    lines.push(`  ${colors.bold(a.label)}  ${colors.cyan(target)}`);
  }
  return lines;
}
