import pc from 'picocolors';

type Paint = (text: string) => string;

const PAINTS: Paint[] = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];
const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: pc.yellow('warn'),
  50: pc.red('error'),
  60: pc.red('fatal'),
};
// Fields every line has, or that say nothing to a person watching shows move.
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'requestId', 'component']);
// The script's own polling (status, start-up checks) would drown the interesting lines.
const OWN_PATHS = ['/api/cluster', '/healthz'];

export function paintFor(index: number): Paint {
  return PAINTS[index % PAINTS.length]!;
}

/** `node-2 │ ` in the node's colour, padded so the lines of all nodes align. */
export function prefix(nodeId: string, paint: Paint, width: number): string {
  return paint(`${nodeId.padEnd(width)} │ `);
}

/**
 * One line a node printed, made short for a person: pino's JSON becomes `level msg key=value`,
 * request lines become `GET /path 200 3.1 ms`, plain text passes through. null: not worth showing.
 */
export function formatLogLine(raw: string): string | null {
  const text = raw.trimEnd();
  if (!text.trim()) return null;
  if (!text.startsWith('{')) return text.trim();
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return text;
  }
  if (entry.msg === 'request') {
    const path = String(entry.path);
    if (OWN_PATHS.some((p) => path.startsWith(p))) return null;
    const status = Number(entry.status);
    const line = `${entry.method} ${path} ${status} ${entry.ms} ms`;
    return status >= 500 ? pc.red(line) : pc.dim(line);
  }
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !QUIET.has(key))
    .map(([key, value]) => `${key}=${describe(value)}`)
    .join(' ');
  const short = fields.length > 300 ? `${fields.slice(0, 300)}…` : fields;
  return `${level} ${entry.msg ?? ''}${short ? ` ${pc.dim(short)}` : ''}`;
}

function describe(value: unknown): string {
  if (value && typeof value === 'object' && 'message' in value) return JSON.stringify((value as Error).message);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
