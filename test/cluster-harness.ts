// Test harness for the cluster tests: a private redis-server on a free loopback port, worker processes
// of the built CLI, and the CLI itself. Tests skip (saying why) when /usr/bin/redis-server is absent.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, Socket } from "node:net";

export const REDIS_SERVER = "/usr/bin/redis-server";
export const HAS_REDIS = existsSync(REDIS_SERVER);
export const root = new URL("..", import.meta.url).pathname;

if (!HAS_REDIS) console.warn(`cluster tests skipped: ${REDIS_SERVER} is not installed (apt-get install redis-server)`);


export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/** A redis-server on `port` (default: a free one); with `aofDir`, it keeps its data there (append-only file). */
export async function startRedis(port?: number, aofDir?: string): Promise<RedisProcess> {
  const p = port ?? (await freePort());
  const persistence = aofDir ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", aofDir] : ["--appendonly", "no"];
  const child = spawn(REDIS_SERVER, ["--port", String(p), "--bind", "127.0.0.1", "--save", "", ...persistence, "--daemonize", "no"], { stdio: "ignore" });
  await waitForPort(p, 10_000);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { port: p, url: `redis://127.0.0.1:${p}`, child, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
      s.connect(port, "127.0.0.1");
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching `re` (already seen or to come). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startWorker(url: string, extra: string[] = []): Promise<WorkerProcess> {
  const child = spawn("node", ["bin/waferline.js", "worker", "--redis", url, ...extra], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = (re: RegExp, ms = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => re.test(l));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`worker never printed ${re}; it printed:\n${lines.join("\n")}`)), ms);
      waiters.push({
        re,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  await waitFor(/worker ready/);
  return { child, lines, waitFor, exit };
}

export async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  await w.exit;
}

export function cli(args: string[]) {
  return spawnSync("node", ["bin/waferline.js", ...args], { cwd: root, encoding: "utf8", timeout: 180_000 });
}

/** Async (the test process keeps running while the CLI waits on workers). */
export function cliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", ["bin/waferline.js", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.once("exit", (status) => resolve({ status, stdout, stderr }));
  });
}
