import { confirm, input, password, select } from '@inquirer/prompts';
import { PromptAborted, type Choice, type Prompter } from './prompter.js';

/** Ctrl-C makes @inquirer throw ExitPromptError; the menu treats it as leaving. */
async function guard<T>(ask: Promise<T>): Promise<T> {
  try {
    return await ask;
  } catch (err) {
    if (err instanceof Error && err.name === 'ExitPromptError') throw new PromptAborted();
    throw err;
  }
}

/** Arrow keys, type-ahead and masked passwords, for a real terminal. */
export function createInquirerPrompter(): Prompter {
  return {
    select: <T>(message: string, choices: Choice<T>[]) =>
      guard(
        select<T>({
          message,
          choices: choices.map((c) => ({ name: c.name, value: c.value, description: c.description })),
          pageSize: 15,
          loop: false,
        }),
      ),
    input: (message, opts = {}) =>
      guard(input({ message, default: opts.default, validate: opts.validate ? (v) => opts.validate!(v.trim()) : undefined })).then(
        (v) => v.trim(),
      ),
    password: (message) => guard(password({ message, mask: '*' })),
    confirm: (message, opts = {}) => guard(confirm({ message, default: opts.default ?? false })),
    close: () => undefined,
  };
}
