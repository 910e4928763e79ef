// Test harness for `waferline serve` as a real process of the built CLI: start it on a free port with
// its own store, watch its health, its threads and its memory (from /proc), stop it with a signal.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname;
export const bin = join(root, "bin/waferline.js");

export interface Served {
  child: ChildProcess;
  base: string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves with its exit code (or signal name) when it exits. */
  exit: Promise<number | string | null>;
}

/** Starts `serve` in `cwd` and resolves once it prints its address. */
export function startServe(args: string[], env: Record<string, string | undefined>, cwd: string): Promise<Served> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: "1", ...env })) if (v !== undefined) e[k] = v;
  const child = spawn("node", [bin, "serve", ...args], { cwd, env: e, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const exit = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /http:\/\/([^\s/]+)\//.exec(out);
      if (m) resolve({ child, base: `http://${m[1]}`, stderr: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

/** Sends `signal` and resolves with the exit code. */
export async function stopServe(s: Served, signal: NodeJS.Signals = "SIGTERM"): Promise<number | string | null> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill(signal);
  return s.exit;
}

/** Threads, resident memory (MiB) and CPU seconds used so far, of a live process (Linux /proc). */
export function processStats(pid: number): { threads: number; rssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { threads: field("Threads"), rssMiB: field("VmRSS") / 1024, cpuSeconds: ticks / 100 };
}

/**
 * Starts polling GET /api/health every `everyMs`, in a process of its own (so that what this test
 * process does meanwhile, such as sending a large body, never delays it); resolves once it polls.
 * `stop()` gives each answer's latency in ms (a request that fails or takes over 5 s counts as 5,000).
 */
export async function startHealthProbe(base: string, everyMs = 25): Promise<{ stop(): Promise<number[]> }> {
  const source = `
    const lat = [];
    let stop = false;
    process.on("SIGTERM", () => { stop = true; });
    await fetch(${JSON.stringify(`${base}/api/health`)}).then((r) => r.arrayBuffer(), () => {}); // a first request warms the client up
    while (!stop) {
      const t = performance.now();
      try { const r = await fetch(${JSON.stringify(`${base}/api/health`)}, { signal: AbortSignal.timeout(5000) }); await r.arrayBuffer(); lat.push(r.ok ? performance.now() - t : 5000); }
      catch { lat.push(5000); }
      if (lat.length === 1) process.stdout.write("polling\\n");
      await new Promise((r) => setTimeout(r, ${everyMs}));
    }
    process.stdout.write(JSON.stringify(lat) + "\\n");
  `;
  const child = spawn("node", ["--input-type=module", "-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const until = Date.now() + 30_000;
  while (!out.includes("polling")) {
    if (Date.now() > until) throw new Error("the health probe did not start");
    await new Promise((r) => setTimeout(r, 5));
  }
  return {
    async stop() {
      child.kill("SIGTERM");
      await exited;
      return JSON.parse(out.split("\n")[1] ?? "[]") as number[];
    },
  };
}

/** Health latencies (startHealthProbe) from now until `until` settles. */
export async function healthLatencies(base: string, until: Promise<unknown>, everyMs = 25): Promise<number[]> {
  const probe = await startHealthProbe(base, everyMs);
  await until.catch(() => {});
  return probe.stop();
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Reads a run's event stream until an event matches `until` (or the stream ends); the events seen. */
export async function followEvents(base: string, id: string, until: (e: { event: string; data: Record<string, unknown> }) => boolean): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await fetch(`${base}/api/runs/${id}/events`);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; data: Record<string, unknown> }[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let i = buffer.indexOf("\n\n");
    while (i >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      i = buffer.indexOf("\n\n");
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) continue;
      const e = { event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data: JSON.parse(data) as Record<string, unknown> };
      seen.push(e);
      if (until(e)) {
        await reader.cancel();
        return seen;
      }
    }
  }
  return seen;
}
