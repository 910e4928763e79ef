// `waferline mrp` end to end through the built CLI: the JSON contract, hand-derived figures, exit codes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync("node", ["bin/waferline.js", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
let dir = "";

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/mrp.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "waferline-mrp-"));
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("waferline mrp --json on the tutorial", () => {
  it("prints one JSON document with the contract keys and the hand-derived figures", () => {
    const run = cli("mrp", "scenarios/tutorial.yaml", "--json");
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    for (const key of ["periods", "releases", "resources", "overloads", "pastDue"]) expect(doc).toHaveProperty(key);
    expect(doc.periods).toHaveLength(12);
    expect(doc.periods[0]).toBe("2026-01");

    const release = (id: string) => doc.releases.find((x: { operation: string }) => x.operation === id);
    // Demand 20 servers from 2026-04 (t3); servers-to-dc transit 0; assembly lead time 1 -> 20 starts in 2026-03 (t2).
    expect(release("assemble-server").quantities[2]).toBe(20);
    // 8 GPUs x 20 = 160 needed at asm-us in t2, shipped in t1 (transit 1), packaged from t0 at yield 0.95.
    expect(release("package-gpu").quantities[0]).toBeCloseTo(160 / 0.95, 5);
    // 0.05 wafer per package start = 8/0.95 wafers at pkg-tw in t0; the fab's lead time of 2 puts it in t-2.
    const late = doc.pastDue.find((p: { operation?: string; period: number }) => p.operation === "make-wafer-tw" && p.period === -2);
    expect(late.qty).toBeCloseTo(8 / 0.95, 5);

    const lines = doc.resources.find((x: { resource: string }) => x.resource === "asm-us-lines");
    expect(lines.capacity).toHaveLength(12);
    // 30 servers from 2026-10 (t9) -> 30 starts in t8, against 30 lines: loaded to capacity, not over it.
    expect(lines.load[8]).toBe(30);
    expect(lines.capacity[8]).toBe(30);
    expect(doc.overloads).toEqual([]);
  });

  it("prints a human summary without --json", () => {
    const run = cli("mrp", "scenarios/tutorial.yaml");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Planned order releases");
    expect(run.stdout).toMatch(/assemble-server\s+asm-us/);
    expect(run.stdout).toContain("Past due");
    expect(run.stdout).toContain("no resource or lane is loaded above its capacity");
  });
});

describe("waferline mrp: overloads and failures", () => {
  const scenario = `
name: overload
title: one line too small
horizon: { start: 2026-01, periods: 4 }
sites: [{ id: s1, name: s1, operator: x, country: US, lat: 0, lon: 0 }]
items: [{ id: A, name: A, unit: u, valueUsd: 1 }]
resources:
  - { id: line, site: s1, name: line, unit: u, levels: [{ from: 2026-01, level: 40 }] }
  - { id: none, site: s1, name: not built yet, unit: u }
operations:
  - { id: make, site: s1, produces: { item: A }, uses: [{ resource: line, qty: 1 }, { resource: none, qty: 0.5 }], leadTime: 1, yield: 0.5 }
demand: [{ id: d, site: s1, item: A, priceUsd: 1, schedule: [{ from: 2026-03, quantity: 30 }] }]
`;

  it("lists overloads worst first, a zero capacity with a null ratio", () => {
    const file = join(dir, "overload.yaml");
    writeFileSync(file, scenario);
    const run = cli("mrp", file, "--json");
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    // Demand 30 in t2, t3; yield 0.5 -> 60 starts in t1 and t2 (lead time 1).
    // line: 60 of 40 = 1.5x; none: 0.5 x 60 = 30 of 0 (no ratio), ranked first.
    expect(doc.overloads).toEqual([
      { kind: "resource", resource: "none", period: "2026-02", periodIndex: 1, load: 30, capacity: 0, ratio: null },
      { kind: "resource", resource: "none", period: "2026-03", periodIndex: 2, load: 30, capacity: 0, ratio: null },
      { kind: "resource", resource: "line", period: "2026-02", periodIndex: 1, load: 60, capacity: 40, ratio: 1.5 },
      { kind: "resource", resource: "line", period: "2026-03", periodIndex: 2, load: 60, capacity: 40, ratio: 1.5 },
    ]);
    const human = cli("mrp", file);
    expect(human.stdout).toMatch(/line\s+resource\s+2026-02\s+60\.0\s+40\.0\s+1\.50x\s+2/);
  });

  it("exits 1 on a missing or invalid scenario and 2 on a bad option", () => {
    const missing = cli("mrp", join(dir, "nope.yaml"), "--json");
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/no scenario file/);

    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, scenario.replace("item: A, priceUsd", "item: Z, priceUsd"));
    const invalid = cli("mrp", bad, "--json");
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/bad\.yaml:\d+:\d+: /);

    expect(cli("mrp", "scenarios/tutorial.yaml", "--bogus").status).toBe(2);
  });
});
