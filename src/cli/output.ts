import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Where a command writes: results to `out`, notes and problems to `err`, colour only for a terminal. */
export interface Output {
  out(text?: string): void;
  err(text?: string): void;
  colors: Colors;
  /** Columns of the terminal, or a comfortable default when the output is a pipe. */
  width: number;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function createOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Output {
  return {
    out: (text = '') => void stdout.write(text + '\n'),
    err: (text = '') => void stderr.write(text + '\n'),
    colors: pc.createColors(colorEnabled(stdout, env)),
    width: stdout.isTTY && stdout.columns ? stdout.columns : 100,
  };
}
