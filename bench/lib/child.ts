import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** A free port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A server the suite started in a child process. */
export interface ChildServer {
  url: string;
  pid: number;
  /** The process's peak resident memory so far, in bytes (Linux), or null. */
  peakMemoryBytes(): number | null;
  /** CPU seconds the process has used so far, user and system (Linux), or null. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux Node.js runs on here. */
const CLOCK_TICKS = 100;

/** utime + stime of /proc/<pid>/stat: what the process has used of the CPU, whatever else the machine runs. */
function cpuSecondsOf(pid: number): number | null {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS : null;
}

/** A size in kB of /proc/<pid>/status (`VmHWM`, `VmRSS`) in bytes, or null (not Linux, or gone). */
function statusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return null;
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(status, 'utf8'));
  return match?.[1] === undefined ? null : Number(match[1]) * 1024;
}

/** VmHWM of /proc/<pid>/status: the peak resident set of a running process. */
const peakMemoryOf = (pid: number): number | null => statusBytes(pid, 'VmHWM');

/** VmRSS of /proc/<pid>/status: a running process's resident memory now. */
export const residentMemoryOf = (pid: number): number | null => statusBytes(pid, 'VmRSS');

/** Starts `node <script> [...args]` as a server and waits until `readyPath` answers 2xx. */
export async function startServerProcess(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`${script} did not answer ${readyPath} within 30 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${script} has no pid`);
  return { url, pid, peakMemoryBytes: () => peakMemoryOf(pid), cpuSeconds: () => cpuSecondsOf(pid), stop: () => stopProcess(child) };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs a worker script of the suite in a process of its own: its input goes through a JSON file in
 * `dir`, its answer is the last line it prints on standard output, as JSON.
 */
export async function runWorker<T>(script: string, input: unknown, dir: string): Promise<T> {
  const inputFile = join(dir, `worker-input-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(inputFile, JSON.stringify(input));
  const child = spawn(process.execPath, [script, inputFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || last === '') throw new Error(`${script} exited with ${code}: ${stderr}`);
  return JSON.parse(last) as T;
}

/** Reads the input file a worker was given (see runWorker); the worker knows its shape. */
export function workerInput(): unknown {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node <worker>.js <input.json>');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A worker's answer: one JSON line on standard output. */
export function answer(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
