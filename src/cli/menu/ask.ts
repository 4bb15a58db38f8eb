import { renderAnswer } from '../render/assistant.js';
import { print, type MenuContext } from './context.js';

const MAX_QUESTION = 500;

/** Questions to the assistant, one after another, until an empty one goes back to the menu. */
export async function askAssistant(ctx: MenuContext): Promise<void> {
  ctx.out.out(ctx.out.colors.dim(`Try: what's on in Berlin tonight · seats left for concert_2025 · how do I pay?`));
  for (;;) {
    const question = await ctx.prompter.input('Your question (empty to go back)', {
      validate: (v) => v.length <= MAX_QUESTION || `at most ${MAX_QUESTION} characters`,
    });
    if (question.trim() === '') return;
    const answer = await ctx.session.api.ask(question);
    print(ctx, ['', ...renderAnswer(answer, ctx.session.url, ctx.out.colors), '']);
  }
}
