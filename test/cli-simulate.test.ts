// `waferline simulate` end to end through the built CLI: the JSON contract and determinism across threads.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const cli = (args: string[]) => spawnSync("node", ["bin/waferline.js", ...args], { cwd: root, encoding: "utf8" });
const json = (args: string[]) => {
  const r = cli([...args, "--json"]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(() => {
}, 120_000);

describe("waferline simulate", () => {
  it("prints the contract keys", () => {
    const r = json(["simulate", "tutorial", "--trials", "2000", "--policy", "greedy", "--threads", "1"]);
    expect(r.trials).toBe(2000);
    expect(r.seed).toBe(7); // the tutorial's seed
    for (const k of ["mean", "p10", "p50", "p90"]) expect(typeof r.kpis.deliveredValueUsd[k]).toBe("number");
    expect(r.kpis.deliveredValueUsd.p10).toBeLessThanOrEqual(r.kpis.deliveredValueUsd.p90);
    expect(r.probabilityTargetMet).toBeGreaterThanOrEqual(0);
    expect(r.probabilityTargetMet).toBeLessThanOrEqual(1);
    expect(r.policy).toBe("greedy");
  });

  it("follows the plan adaptively by default", () => {
    const r = json(["simulate", "tutorial", "--trials", "500", "--threads", "1"]);
    expect(r.policy).toBe("adaptive");
  });

  it("gives identical JSON for --threads 1 and --threads 2 with the same seed, and differs for another seed", () => {
    const args = ["simulate", "tutorial", "--trials", "3000", "--seed", "123", "--policy", "greedy", "--json"];
    const one = cli([...args, "--threads", "1"]);
    const two = cli([...args, "--threads", "2"]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const other = cli(["simulate", "tutorial", "--trials", "3000", "--seed", "124", "--policy", "greedy", "--json", "--threads", "2"]);
    expect(other.stdout).not.toBe(one.stdout);
  });

  it("is deterministic under the plan policy too", () => {
    const args = ["simulate", "tutorial", "--trials", "1000", "--seed", "5", "--policy", "plan", "--json"];
    const one = cli([...args, "--threads", "1"]);
    expect(one.status, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).policy).toBe("plan");
    expect(cli([...args, "--threads", "2"]).stdout).toBe(one.stdout);
  });

  it("prints the answer for a person", () => {
    const r = cli(["simulate", "tutorial", "--trials", "1000", "--policy", "greedy"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/probability met/);
    expect(r.stdout).toMatch(/Delivered value\s+P10 \$[\d.]+M\s+P50/);
    expect(r.stdout).toMatch(/Mass production\s+P10 2026-\d\d/);
    expect(r.stdout).toMatch(/Most critical resources/);
    expect(r.stdout).toMatch(/tw-quake/);
    expect(r.stderr).toBe(""); // no progress bar off a TTY
  });

  it("rejects bad option values with exit 2 (usage) and an unknown scenario with exit 1, each with a message", () => {
    const bad = cli(["simulate", "tutorial", "--trials", "zero"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--trials must be an integer/);
    const policy = cli(["simulate", "tutorial", "--policy", "lucky"]);
    expect(policy.status).toBe(2);
    expect(policy.stderr).toMatch(/--policy/);
    expect(cli(["simulate", "no-such-scenario"]).status).toBe(1);
  });
});
