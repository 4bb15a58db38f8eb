import { serve, type ServerType } from '@hono/node-server';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { startTestApp, type TestApp } from '../http/harness.js';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

let cliBundle: string | undefined;

/**
 * The CLI's sources as one ES module, built at the first run in this test process. `node bundle.mjs`
 * starts in about a quarter of the CPU time of `node --import tsx src/cli/main.ts` (tsx resolves and
 * compiles each of its ~50 modules through a loader thread), and a CLI test file starts dozens of
 * runs. Its npm packages stay imports, so the file lives under node_modules where Node finds them;
 * named by content, so test processes building the same sources at once write the same bytes.
 * showtime-command.test.ts runs the real entry, `npx showtime`, through tsx.
 */
function cliArgs(): string[] {
  if (!cliBundle) {
    const { outputFiles } = buildSync({
      entryPoints: [join(projectRoot, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = outputFiles[0]!.contents;
    const dir = join(projectRoot, 'node_modules', '.cache', 'showtime-test-cli');
    const file = join(dir, `main-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
    cliBundle = file;
  }
  return [cliBundle];
}

/** The test app behind a real listening socket, as the CLI needs one, plus a private temp folder. */
export interface CliServer {
  app: TestApp;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startCliServer(): Promise<CliServer> {
  const app = await startTestApp();
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const dir = await mkdtemp(join(tmpdir(), 'showtime-cli-test-'));
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    dir,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of finished CLI runs would otherwise hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment of a CLI run: its own config file, times shown in UTC so outputs can be matched,
 * no colour forcing inherited from the test runner.
 */
export function cliEnv(configPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SHOWTIME_CONFIG: configPath, TZ: 'UTC', ...extra };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.SHOWTIME_URL;
  delete env.SHOWTIME_DEBUG;
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI once to completion, with `input` (or nothing) on a piped stdin. */
export function runCli(
  args: string[],
  opts: { configPath: string; input?: string; env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(), ...args], {
      cwd: projectRoot,
      env: cliEnv(opts.configPath, opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

const ansiPattern = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r/g;

export function stripAnsi(s: string): string {
  return s.replace(ansiPattern, '');
}

/**
 * A conversation with a running CLI: wait for text to appear (after what was already matched),
 * then answer. Failures show the transcript so a broken step is easy to find.
 */
export class Conversation {
  private raw = '';
  private cursor = 0;
  private readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (d: string) => (this.raw += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.raw += d));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  /** Everything shown so far, without colours and cursor movements. */
  get transcript(): string {
    return stripAnsi(this.raw);
  }

  get rawOutput(): string {
    return this.raw;
  }

  /** Waits until one of `texts` appears past the cursor; returns which one and moves past it. */
  async expect(texts: string | string[], timeoutMs = 30_000): Promise<string> {
    const wanted = Array.isArray(texts) ? texts : [texts];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.transcript;
      const hits = wanted
        .map((w) => ({ w, at: text.indexOf(w, this.cursor) }))
        .filter((h) => h.at >= 0)
        .sort((a, b) => a.at - b.at);
      const hit = hits[0];
      if (hit) {
        this.cursor = hit.at + hit.w.length;
        return hit.w;
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(
          `expected ${JSON.stringify(wanted)} in the CLI's output; after the cursor it shows:\n` +
            text.slice(Math.max(0, this.cursor - 200)).slice(-3000),
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  send(text: string): void {
    this.child.stdin.write(text);
  }

  /** Ends the input and waits for the process to exit. */
  async finish(timeoutMs = 30_000): Promise<number | null> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** The menu over a pipe: the CLI's line mode. */
export function startPipedMenu(url: string, configPath: string): Conversation {
  const child = spawn(process.execPath, [...cliArgs(), '--url', url], {
    cwd: projectRoot,
    env: cliEnv(configPath),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Conversation(child);
}

/** Whether util-linux `script` is here to give the CLI a pseudo-terminal. */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * The menu in a real pseudo-terminal: util-linux `script` runs the CLI on a pty and relays our
 * stdin to it, so the prompt library sees a TTY and reads raw keys (arrows, Enter).
 */
export function startTerminalMenu(url: string, configPath: string): Conversation {
  const command = [process.execPath, ...cliArgs(), '--url', url].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: projectRoot,
    env: cliEnv(configPath, { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Conversation(child);
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export const keys = { up: '\x1b[A', down: '\x1b[B', enter: '\r' } as const;

/** One command in a pseudo-terminal (util-linux `script`), so it can ask its questions as it would a person. */
export function startTerminalCommand(url: string, configPath: string, args: string[]): Conversation {
  const command = [process.execPath, ...cliArgs(), '--url', url, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: projectRoot,
    env: cliEnv(configPath, { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Conversation(child);
}
