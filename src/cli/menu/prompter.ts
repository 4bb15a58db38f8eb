export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/** The questions the menu asks, answered by a terminal prompt library or by plain lines of input. */
export interface Prompter {
  select<T>(message: string, choices: Choice<T>[]): Promise<T>;
  input(message: string, opts?: { default?: string; validate?: (value: string) => string | true }): Promise<string>;
  password(message: string): Promise<string>;
  confirm(message: string, opts?: { default?: boolean }): Promise<boolean>;
  close(): void;
}

/** The person left (Ctrl-C, or the input ended): the menu ends quietly. */
export class PromptAborted extends Error {
  constructor() {
    super('prompt aborted');
    this.name = 'PromptAborted';
  }
}
