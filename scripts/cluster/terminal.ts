import { clearLine, cursorTo, type Interface } from 'node:readline';

export interface Terminal {
  /** Prints a line above the prompt, keeping what the person is typing. */
  print(text: string): void;
  attach(rl: Interface): void;
}

/** Node log lines keep arriving while a person types commands; this keeps the prompt intact. */
export function createTerminal(): Terminal {
  let rl: Interface | null = null;
  const tty = process.stdout.isTTY === true;
  return {
    print(text) {
      if (rl && tty) {
        clearLine(process.stdout, 0);
        cursorTo(process.stdout, 0);
        process.stdout.write(`${text}\n`);
        rl.prompt(true);
      } else {
        process.stdout.write(`${text}\n`);
      }
    },
    attach(next) {
      rl = next;
    },
  };
}
