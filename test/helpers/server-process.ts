/**
 * The real server as a child process, for the tests that need its process (shutdown, live reload, the
 * compiled launcher, a damaged index): a free loopback port, and a spawn that resolves once the server
 * says it is serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A loopback port nothing listens on (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A started server: its process, port, what it has written to stderr so far, and its exit code once it exits. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Options of {@link spawnServer}. */
export interface SpawnServerOptions {
  indexDir: string;
  /** The port to listen on; a free one when omitted. */
  port?: number;
  /** Node's arguments before the server's own: the entry and how it is run. */
  entry?: string[];
  /** The server's own arguments (e.g. `--watch DIR`). */
  args?: string[];
  /** Called with the process as soon as it is spawned, so a test can kill it even if the start fails. */
  onSpawn?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

/** Spawns the server over `indexDir` on a free port and resolves once it prints "Serving"; rejects if it exits or times out first. */
export async function spawnServer({
  indexDir,
  port: askedPort,
  entry = ['--import', 'tsx', 'src/server/main.ts'],
  args = [],
  onSpawn,
  timeoutMs = 30_000,
}: SpawnServerOptions): Promise<ServerProcess> {
  const port = askedPort ?? (await freePort());
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, INDEX_DIR: indexDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  onSpawn?.(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), timeoutMs);
    const onData = () => {
      if (!stderr.includes('Serving')) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      resolve();
    };
    child.stderr?.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up: ${stderr}`));
    });
  });
  return { child, port, stderr: () => stderr, exited };
}
