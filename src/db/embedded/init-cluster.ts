import { spawn } from 'node:child_process';
import { chown, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { writeCredentials, type Credentials } from './credentials.js';
import { binaryPath } from './platform-binaries.js';
import type { EmbeddedLog, RunAs } from './types.js';

export interface InitClusterOptions {
  nativeDir: string;
  clusterDir: string;
  /** Where pg-credentials.json goes. */
  dataDir: string;
  credentials: Credentials;
  runAs: RunAs | null;
  /** false skips initdb's fsync, for throwaway test clusters. */
  sync: boolean;
  log: EmbeddedLog;
}

/**
 * Creates a new cluster. initdb works in a side folder that is renamed into place only once it
 * succeeded and the password is saved, so an interrupted first start is simply redone.
 */
export async function initCluster(opts: InitClusterOptions): Promise<void> {
  const staging = `${opts.clusterDir}.init`;
  const passwordFile = `${opts.clusterDir}.pw`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  await writeFile(passwordFile, `${opts.credentials.password}\n`, { mode: 0o600 });
  try {
    if (opts.runAs) {
      await chown(staging, opts.runAs.uid, opts.runAs.gid);
      await chown(passwordFile, opts.runAs.uid, opts.runAs.gid);
    }
    await runInitdb(opts, staging, passwordFile);
    await writeCredentials(opts.dataDir, opts.credentials);
    await rename(staging, opts.clusterDir);
  } finally {
    await rm(passwordFile, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

function runInitdb(opts: InitClusterOptions, pgdata: string, passwordFile: string): Promise<void> {
  const args = [
    `--pgdata=${pgdata}`,
    `--username=${opts.credentials.user}`,
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '--no-instructions',
    ...(opts.sync ? [] : ['--no-sync']),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(opts.nativeDir, 'initdb'), args, {
      cwd: '/',
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.runAs ? { uid: opts.runAs.uid, gid: opts.runAs.gid } : {}),
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) opts.log.debug(`initdb: ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new Error(`Could not run initdb: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
