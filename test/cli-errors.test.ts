// Issue 11: every file-system, database and usage error is a clear message with the right exit code
// (1: the user's files or scenario, 2: how the command was called), never a stack trace with exit 3;
// arguments are checked before any work; signals stop commands cleanly. The built CLI, real files,
// a real SQLite store.
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openStore } from "../src/store/index.js";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/waferline.js");
let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "waferline-cli-errors-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> & { ms: number } {
  const t0 = Date.now();
  const r = spawnSync("node", [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db"), ...env } });
  return { ...r, ms: Date.now() - t0 };
}

/** The exit code, a message matching `message` on stderr, nothing on stdout, no stack trace. */
function expectError(r: SpawnSyncReturns<string>, status: number, message: RegExp): void {
  const shown = `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  expect(r.status, shown).toBe(status);
  expect(r.stderr, shown).toMatch(message);
  expect(r.stderr, shown).not.toMatch(/^\s+at |internal error/m);
  expect(r.stdout, shown).toBe("");
}

describe("files that cannot be read as scenarios exit 1 with the path and the reason (finding 6, 8)", () => {
  test("a directory", () => {
    expectError(cli(["validate", dir]), 1, new RegExp(`^waferline: ${dir}: is a directory, not a scenario file\\n$`));
  });

  test("a device that cannot be read (/proc/self/mem)", () => {
    expectError(cli(["validate", "/proc/self/mem"]), 1, /^waferline: \/proc\/self\/mem: cannot be read: input\/output error/);
  });

  test.skipIf(process.getuid?.() === 0)("a file without read permission (skipped as root, who may read anything)", () => {
    const file = join(dir, "secret.yaml");
    writeFileSync(file, "name: x\n", { mode: 0o000 });
    expectError(cli(["validate", file]), 1, /secret\.yaml: cannot be read: permission denied/);
  });

  test("a device that never ends (/dev/zero) stops at the size limit, in seconds", () => {
    const r = cli(["validate", "/dev/zero"]);
    expectError(r, 1, /^waferline: \/dev\/zero: holds more than 16 MiB; a scenario file may be at most 16 MiB\n$/);
    expect(r.ms).toBeLessThan(20_000);
  });

  test("a file over the size limit is refused before it is read (a 58 MB JSON took 55 s and 3.3 GB)", () => {
    const file = join(dir, "huge.json");
    writeFileSync(file, Buffer.alloc(20 * 1024 * 1024, 0x20));
    const r = cli(["validate", file]);
    expectError(r, 1, /huge\.json: is 20\.0 MiB; a scenario file may be at most 16 MiB/);
    expect(r.ms).toBeLessThan(10_000);
  });
});

describe("paths a command would write are checked before any work (finding 6)", () => {
  test("plan --mps into a missing folder", () => {
    expectError(cli(["plan", "tutorial", "--mps", "/nonexistent/x.mps"]), 1, /^waferline: --mps \/nonexistent\/x\.mps: the folder \/nonexistent does not exist\n$/);
  });

  test("export-scenario --xlsx into a missing folder", () => {
    expectError(cli(["export-scenario", "tutorial", "--xlsx", "/nonexistent/x.xlsx"]), 1, /^waferline: --xlsx \/nonexistent\/x\.xlsx: the folder \/nonexistent does not exist\n$/);
  });

  test("run --out onto an existing file fails at once, before the run (it failed after the whole run)", () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "x");
    const r = cli(["run", "tutorial", "--trials", "200", "--out", file]);
    expectError(r, 1, /--out .*not-a-folder: is a file, not a folder/);
    expect(r.ms).toBeLessThan(15_000);
    expect(cli(["runs", "list", "--json"]).stdout.trim()).toBe("[]"); // nothing was started
  });

  test.each([
    ["2099-01", /--at 2099-01 is outside the horizon 2025-04 \.\. 2029-03/],
    ["2026-W01", /--at 2026-W01: not a month period like 2025-04/],
  ])("run --at %s on the default scenario fails before planning", (at, message) => {
    const r = cli(["run", "--at", at, "--trials", "100"]);
    expectError(r, 1, message);
    // Process start and the scenario's loading; planning, simulating and the sensitivity used to come first.
    expect(r.ms).toBeLessThan(5000);
  });

  test("stress --at outside the horizon fails before the plan", () => {
    expectError(cli(["stress", "tutorial", "--at", "2031-01"]), 1, /--at 2031-01 is outside the horizon 2026-01 \.\. 2026-12/);
  });
});

describe("a WAFERLINE_DB that cannot be a run store exits 1 naming it and why (finding 6)", () => {
  const cases: [string, () => string, RegExp][] = [
    ["garbage bytes", () => writeAndReturn("garbage.db", Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256))), /it is not a SQLite database/],
    ["a text file", () => writeAndReturn("notes.txt", "these are my notes, not a database\n".repeat(200)), /it is not a SQLite database/],
    ["a directory", () => join(dir, "a-folder.db"), /it is a folder/],
    ["a store of a newer Waferline", () => newerStore(), /it was written by a newer Waferline \(store schema 99; this version knows up to \d+\)/],
  ];
  test.each(cases)("%s", (_name, make, reason) => {
    mkdirSync(join(dir, "a-folder.db"), { recursive: true });
    const db = make();
    for (const args of [["runs", "list"], ["run", "tutorial", "--trials", "100"]]) {
      expectError(cli(args, { WAFERLINE_DB: db }), 1, new RegExp(`^waferline: cannot use ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(set by WAFERLINE_DB\\) as the run store: ${reason.source}`));
    }
  });

  function writeAndReturn(name: string, data: string | Buffer): string {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  }
  function newerStore(): string {
    const file = join(dir, "newer.db");
    openStore(file).close();
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    return file;
  }
});

describe("usage mistakes exit 2, the same way in every command (finding 6)", () => {
  test.each([
    [["simulate", "tutorial", "--trials", "abc"], /--trials must be an integer from 1 to \d+, not 'abc'/],
    [["run", "tutorial", "--trials", "abc"], /--trials must be an integer/],
    [["run", "tutorial", "--seed", "-1"], /--seed must be an integer/],
    [["simulate", "tutorial", "--policy", "lucky"], /--policy must be 'adaptive', 'plan' or 'greedy', not 'lucky'/],
    [["sweep", "tutorial", "--vary", "x=0..1", "--policy", "lucky"], /--policy must be 'adaptive', 'plan' or 'greedy'/],
    [["stress", "tutorial", "--scope", "planet"], /--scope planet: expected one of/],
    [["stress", "tutorial", "--threads", "many"], /--threads must be an integer/],
    [["stress", "tutorial", "--ttr", "TW=soon"], /--ttr: 'soon' is not a number >= 0/],
    [["runs", "list", "--limit", "0"], /--limit must be an integer/],
    [["serve", "--port", "99999"], /--port must be an integer from 0 to 65535/],
    [["worker", "--redis", "http://127.0.0.1:1"], /--redis 'http:\/\/127\.0\.0\.1:1' must start with redis:\/\//],
    [["plan", "tutorial", "--objective", "cheapest"], /argument 'cheapest' is invalid/],
    [["simulate", "tutorial", "--bogus"], /unknown option '--bogus'/],
  ] as [string[], RegExp][])("%j", (args, message) => {
    const r = cli(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("signals stop a command cleanly (finding 1, 11)", () => {
  /** Starts the CLI, waits a delay (and then until `ready()`, polled: a loaded machine starts slowly), sends `signal`; exit code and stderr. */
  async function interrupt(args: string[], signal: NodeJS.Signals, afterMs: number, ready: () => boolean = () => true): Promise<{ code: number | null; stderr: string }> {
    const child = spawn("node", [bin, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1", WAFERLINE_DB: join(dir, "signals.db") }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, afterMs));
    for (let i = 0; i < 300 && !ready(); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill(signal);
    return { code: await exit, stderr };
  }

  test.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("simulate: %s exits %i with one line", async (signal, code) => {
    const r = await interrupt(["simulate", "--trials", "200000"], signal, 2500);
    expect(r).toEqual({ code, stderr: `waferline: stopped by ${signal}\n` });
  }, 60_000);

  // On one thread (what a busy machine gets without --threads) a long simulation ran on the main
  // thread: the signal waited for its end, and then the process exited 0 without handling it.
  test("simulate --threads 1: SIGINT exits 130 with one line", async () => {
    const r = await interrupt(["simulate", "--trials", "200000", "--threads", "1"], "SIGINT", 2500);
    expect(r).toEqual({ code: 130, stderr: "waferline: stopped by SIGINT\n" });
  }, 90_000);

  test("run: SIGINT stores the run as cancelled", async () => {
    const out = join(dir, "out-signal");
    // Signalled once the run is in the store (before that there is nothing to mark cancelled).
    const begun = () => {
      if (!existsSync(join(dir, "signals.db"))) return false;
      const store = openStore(join(dir, "signals.db"));
      try {
        return store.listRuns({ limit: 1 }).length > 0;
      } finally {
        store.close();
      }
    };
    const r = await interrupt(["run", "--trials", "200000", "--out", out], "SIGINT", 1000, begun);
    expect(r).toEqual({ code: 130, stderr: "waferline: stopped by SIGINT\n" });
    const store = openStore(join(dir, "signals.db"));
    try {
      expect(store.listRuns({ limit: 1 })[0]).toMatchObject({ status: "cancelled", error: "interrupted by SIGINT" });
    } finally {
      store.close();
    }
    expect(readdirSync(out).filter((n) => n.endsWith(".partial"))).toEqual([]);
  }, 60_000);
});

describe("half-written run folders (finding 11)", () => {
  test("the next run removes those whose process died (kill -9 mid-write), and leaves a live one's", () => {
    const out = join(dir, "out-partials");
    mkdirSync(out, { recursive: true });
    // A process that has exited: its pid names no live process with its start time.
    const dead = spawnSync("node", ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const partial = (name: string, owner?: object) => {
      const p = join(out, name);
      mkdirSync(p, { recursive: true });
      writeFileSync(join(p, "report.html"), "half");
      if (owner) writeFileSync(join(p, ".owner"), JSON.stringify(owner));
      return p;
    };
    const host = readFileSync("/proc/sys/kernel/hostname", "utf8").trim();
    partial(".20260101-000000-00000-aaaaaa.partial", { host, pid: Number(dead), start: "1" });
    partial(".20260101-000000-00000-bbbbbb.partial", { host, pid: process.pid, start: null }); // this test process: alive
    const old = partial(".20260101-000000-00000-cccccc.partial"); // no owner record, two hours old
    utimesSync(old, new Date(Date.now() - 7200_000), new Date(Date.now() - 7200_000));
    partial(".20260101-000000-00000-dddddd.partial"); // no owner record, fresh: maybe another version writing
    const r = cli(["run", "tutorial", "--trials", "200", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith(".partial")).sort()).toEqual([".20260101-000000-00000-bbbbbb.partial", ".20260101-000000-00000-dddddd.partial"]);
    // The run's own folder is complete and holds no owner record.
    const runs = readdirSync(out).filter((n) => !n.startsWith("."));
    expect(runs).toHaveLength(1);
    expect(readdirSync(join(out, runs[0]))).not.toContain(".owner");
  }, 120_000);
});
