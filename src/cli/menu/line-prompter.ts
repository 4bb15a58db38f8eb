import { createInterface } from 'node:readline';
import { PromptAborted, type Choice, type Prompter } from './prompter.js';

/**
 * A plain line reader over any stream: lines that arrive before anyone asks wait in a queue, so a
 * script may write its whole answer sheet at once.
 */
export class LineReader {
  private readonly queue: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended = false;
  private readonly rl;

  constructor(input: NodeJS.ReadableStream) {
    this.rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
  }

  private push(line: string): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(line);
    } else this.queue.push(line);
  }

  /** The next line, or null once the input has ended. */
  next(): Promise<string | null> {
    const line = this.queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.rl.close();
  }
}

/**
 * The menu for a pipe instead of a terminal: numbered choices answered by number or by name, one
 * answer per line. Used when stdin is not a TTY, and by the scripted menu test.
 */
export function createLinePrompter(reader: LineReader, write: (text: string) => void): Prompter {
  async function ask(prompt: string, echo = true): Promise<string> {
    write(prompt);
    const line = await reader.next();
    if (line === null) {
      write('\n');
      throw new PromptAborted();
    }
    // Nothing echoed the answer (stdin is no terminal), so a transcript would run prompts together.
    write(`${echo ? line : ''}\n`);
    return line.trim();
  }

  return {
    async select<T>(message: string, choices: Choice<T>[]): Promise<T> {
      write(`? ${message}\n`);
      choices.forEach((c, i) => write(`  ${String(i + 1).padStart(2)}) ${c.name}\n`));
      for (;;) {
        const answer = await ask(`Choose 1-${choices.length}: `);
        const byNumber = /^\d+$/.test(answer) ? choices[Number(answer) - 1] : undefined;
        const byName = choices.find((c) => c.name.toLowerCase() === answer.toLowerCase());
        const picked = byNumber ?? byName;
        if (picked) return picked.value;
        write(`Please answer with a number from 1 to ${choices.length}.\n`);
      }
    },
    async input(message, opts = {}) {
      for (;;) {
        const answer = (await ask(`? ${message}${opts.default ? ` (${opts.default})` : ''}: `)) || opts.default || '';
        const verdict = opts.validate ? opts.validate(answer) : true;
        if (verdict === true) return answer;
        write(`${verdict}\n`);
      }
    },
    password: (message) => ask(`? ${message}: `, false),
    async confirm(message, opts = {}) {
      const def = opts.default ?? false;
      for (;;) {
        const answer = (await ask(`? ${message} (${def ? 'Y/n' : 'y/N'}): `)).toLowerCase();
        if (answer === '') return def;
        if (answer === 'y' || answer === 'yes') return true;
        if (answer === 'n' || answer === 'no') return false;
        write('Please answer y or n.\n');
      }
    },
    close: () => reader.close(),
  };
}
