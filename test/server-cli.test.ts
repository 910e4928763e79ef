// `waferline serve` through the built CLI: the bind-address rule, a real listening server, and a real
// run cancelled over HTTP.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/waferline.js");
let dir = "";
const children: ChildProcess[] = [];

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/serve.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-serve-"));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => {
  const e: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: "1", WAFERLINE_DB: join(dir, "runs.db"), ...extra };
  if (!("WAFERLINE_TOKEN" in extra)) delete e.WAFERLINE_TOKEN;
  return e;
};

/** Starts `serve` and resolves with its base URL once it prints the address. */
function start(args: string[], extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn("node", [bin, "serve", ...args], { cwd: dir, env: env(extraEnv), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /http:\/\/([^\s/]+)\//.exec(out);
      if (m) resolve({ child, base: `http://${m[1]}` });
    });
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });

test("--host 0.0.0.0 without WAFERLINE_TOKEN refuses to start: exit 1 with the reason", () => {
  const r = spawnSync("node", [bin, "serve", "--host", "0.0.0.0", "--port", "0"], { cwd: dir, env: env(), encoding: "utf8", timeout: 30_000 });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("WAFERLINE_TOKEN");
  expect(r.stderr).toContain("0.0.0.0");
});

test("a short token is refused too (exit 1); a bad --port is a usage error (exit 2)", () => {
  const r = spawnSync("node", [bin, "serve", "--host", "0.0.0.0", "--port", "0"], { cwd: dir, env: env({ WAFERLINE_TOKEN: "short" }), encoding: "utf8", timeout: 30_000 });
  expect(r.status).toBe(1);
  const p = spawnSync("node", [bin, "serve", "--port", "99999"], { cwd: dir, env: env(), encoding: "utf8", timeout: 30_000 });
  expect(p.status).toBe(2);
  expect(p.stderr).toContain("--port");
});

test("on loopback: prints the address, answers, cancels a real run, stops on SIGTERM", async () => {
  const { child, base } = await start(["--port", "0"]);
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${base}/api/health`);
  expect(health.status).toBe(200);

  // A long run of the default scenario, cancelled while it goes on.
  const res = await fetch(`${base}/api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ trials: 100_000 }) });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const del = await fetch(`${base}/api/runs/${id}`, { method: "DELETE" });
  expect(del.status).toBe(200);
  expect(((await del.json()) as { status: string }).status).toBe("cancelled");
  const events = await (await fetch(`${base}/api/runs/${id}/events`)).text();
  expect(events).toContain("event: end");
  expect(events).toContain('"status":"cancelled"');
  // The server is still fine after the cancellation.
  expect((await fetch(`${base}/api/runs/${id}`)).status).toBe(200);
  expect(await stop(child)).toBe(0);
});

test("on 0.0.0.0 with WAFERLINE_TOKEN: every /api request needs the bearer token", async () => {
  const token = "test-token-0123456789abcdef";
  const { child, base } = await start(["--host", "0.0.0.0", "--port", "0"], { WAFERLINE_TOKEN: token });
  const url = base.replace("0.0.0.0", "127.0.0.1");
  const denied = await fetch(`${url}/api/health`);
  expect(denied.status).toBe(401);
  expect(denied.headers.get("content-type")).toBe("application/problem+json");
  expect((await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  expect(await stop(child)).toBe(0);
});
