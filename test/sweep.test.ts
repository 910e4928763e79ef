// `waferline sweep`: a tornado and a grid on a one-line scenario whose answers follow by hand, the same
// numbers on Redis workers as on local threads, and the --vary syntax's errors.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyVariations, parseVary } from "../src/cluster/index.js";
import { loadNetwork } from "../src/cli/scenario-file.js";
import { cli, cliAsync, HAS_REDIS, type RedisProcess, startRedis, startWorker, stopWorker, type WorkerProcess } from "./cluster-harness.js";

// One line making 10 chips a month (capacity 10, 1 start per chip, yield 1, no lead time), shipped the
// same month to an unbounded market paying $1,000 a chip, over 6 months. `make-yield` is an uncertainty
// parameter with a single value (1), so the base scenario is deterministic too.
const LINE = `
name: one-line
title: One line
seed: 3
horizon: { start: 2026-01, periods: 6, bucket: month }
sites:
  - { id: fab, name: Fab, operator: A, country: US, lat: 33, lon: -112 }
  - { id: dc, name: DC, operator: B, country: US, lat: 39, lon: -77 }
items:
  - { id: chip, name: Chip, unit: chip, valueUsd: 1000 }
resources:
  - { id: line, site: fab, name: Line, unit: starts/month, levels: [{ from: 2026-01, level: 10 }] }
operations:
  - { id: make, site: fab, produces: { item: chip }, uses: [{ resource: line, qty: 1 }], leadTime: 0 }
lanes:
  - { id: ship, from: fab, to: dc, items: [chip], transit: 0 }
demand:
  - { id: market, site: dc, item: chip, priceUsd: 1000, unbounded: true }
targets:
  - { id: fifty-k, description: $50k of chips made in the US, item: chip, countries: [US], valueUsd: 50000, by: 2026-06 }
uncertainty:
  parameters:
    - { id: make-yield, on: { operation: make }, parameter: yield, distribution: { type: discrete, values: [1], weights: [1] } }
`;

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "waferline-sweep-"));
  file = join(dir, "one-line.yaml");
  writeFileSync(file, LINE);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sweepArgs = () => ["sweep", file, "--vary", "make-yield=0.6..1.0", "--vary", "capacity:line=0.5..1.5", "--trials", "600", "--policy", "greedy", "--json"];

describe("sweep, worked out by hand", () => {
  it("gives the tornado: delivered value = 6 months x 10 m y chips x $1,000, ranked by swing", () => {
    const r = cli([...sweepArgs(), "--threads", "2"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mode).toBe("tornado");
    expect(out.trials).toBe(600);
    // Base: m = 1, y = 1: 60 chips = $60,000 delivered and made; target $50k met in every trial.
    expect(out.base.deliveredValueUsd).toBeCloseTo(60_000, 6);
    expect(out.base.targetValueP50Usd).toBeCloseTo(60_000, 6);
    expect(out.base.probabilityTargetMet).toBe(1);
    // capacity:line swings $60,000 (m = 0.5 -> $30,000, m = 1.5 -> $90,000); make-yield swings $24,000
    // (y = 0.6 -> $36,000, y = 1 -> $60,000): capacity ranks first.
    expect(out.tornado.map((t: { param: string }) => t.param)).toEqual(["capacity:line", "make-yield"]);
    const [cap, yld] = out.tornado;
    expect(cap.atLow.deliveredValueUsd).toBeCloseTo(30_000, 6);
    expect(cap.atHigh.deliveredValueUsd).toBeCloseTo(90_000, 6);
    expect(cap.swing.deliveredValueUsd).toBeCloseTo(60_000, 6);
    expect(cap.atLow.targetValueP50Usd).toBeCloseTo(30_000, 6);
    expect(cap.atHigh.targetValueP50Usd).toBeCloseTo(90_000, 6);
    // $30,000 < $50,000: never met; $90,000: always.
    expect(cap.atLow.probabilityTargetMet).toBe(0);
    expect(cap.atHigh.probabilityTargetMet).toBe(1);
    expect(yld.atLow.deliveredValueUsd).toBeCloseTo(36_000, 6);
    expect(yld.atHigh.deliveredValueUsd).toBeCloseTo(60_000, 6);
    expect(yld.swing.deliveredValueUsd).toBeCloseTo(24_000, 6);
    expect(yld.atLow.probabilityTargetMet).toBe(0);
    expect(yld.swing.probabilityTargetMet).toBe(1);
  });

  it("runs the full grid: 60,000 m y at every corner", () => {
    const r = cli([...sweepArgs(), "--grid", "--threads", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mode).toBe("grid");
    const got = out.grid.map((p: { values: Record<string, number>; kpis: { deliveredValueUsd: number } }) => [p.values["make-yield"], p.values["capacity:line"], p.kpis.deliveredValueUsd]);
    const want = [
      [0.6, 0.5, 18_000],
      [0.6, 1.5, 54_000],
      [1.0, 0.5, 30_000],
      [1.0, 1.5, 90_000],
    ];
    expect(got.length).toBe(4);
    for (let i = 0; i < 4; i++) {
      expect(got[i][0]).toBe(want[i][0]);
      expect(got[i][1]).toBe(want[i][1]);
      expect(got[i][2]).toBeCloseTo(want[i][2], 6);
    }
  });

  it("steps between LOW and HIGH: capacity 0.5..1.5:3 adds m = 1", () => {
    const r = cli(["sweep", file, "--vary", "capacity:line=0.5..1.5:3", "--trials", "300", "--policy", "greedy", "--json", "--threads", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const pts = JSON.parse(r.stdout).tornado[0].points;
    expect(pts.map((p: { value: number }) => p.value)).toEqual([0.5, 1, 1.5]);
    expect(pts[1].kpis.deliveredValueUsd).toBeCloseTo(60_000, 6);
  });

  it("prints a tornado for a person", () => {
    const r = cli(["sweep", file, "--vary", "make-yield=0.6..1.0", "--vary", "capacity:line=0.5..1.5", "--trials", "300", "--policy", "greedy", "--threads", "1"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tornado/);
    // The scenario has a target: rows rank by its value (P50), with delivered value alongside.
    expect(r.stdout).toMatch(/capacity:line\s+0\.5\.\.1\.5\s+\$30\.0k\s+\$90\.0k\s+\+\$60\.0k\s+#{20}\s+0\.0%\s+100\.0%\s+\$30\.0k\s+\$90\.0k\s+\+\$60\.0k/);
    expect(r.stdout.indexOf("capacity:line")).toBeLessThan(r.stdout.indexOf("make-yield"));
  });
});

describe("--vary errors", () => {
  const { network } = loadNetwork("tutorial");
  it("names what is wrong", () => {
    expect(() => parseVary("pkg-yield=1..0.9", network)).toThrow(/LOW must not exceed HIGH/);
    expect(() => parseVary("pkg-yield", network)).toThrow(/expected PARAM=LOW\.\.HIGH/);
    expect(() => parseVary("no-such=0..1", network)).toThrow(/no uncertainty parameter 'no-such' \(parameters: us-ramp-delay, pkg-yield/);
    expect(() => parseVary("capacity:nowhere=0.5..1", network)).toThrow(/no resource or lane 'nowhere'/);
    expect(() => parseVary("capacity:wafers-tw=0.5..1", network)).toThrow(/lane 'wafers-tw' has no capacity/);
    expect(() => parseVary("capacity:fab-tw-starts=-1..1", network)).toThrow(/must be >= 0/);
    expect(() => parseVary("pkg-yield=0.9..1:1", network)).toThrow(/STEPS must be an integer from 2/);
  });

  it("applies a capacity multiplier to a copy, ramps included", () => {
    const spec = parseVary("capacity:fab-us-starts=0.5..2", network);
    const r = spec.target.index;
    const T = network.T;
    const before = network.capacity.slice(r * T, (r + 1) * T);
    const v = applyVariations(network, [{ param: spec.param, target: spec.target, value: 2 }]);
    for (let t = 0; t < T; t++) expect(v.capacity[r * T + t]).toBe(before[t] * 2);
    expect(v.capacityEvents[r][0].to).toBe(network.capacityEvents[r][0].to * 2);
    expect(Array.from(network.capacity.slice(r * T, (r + 1) * T))).toEqual(Array.from(before)); // untouched
  });

  it("exits 1 from the CLI on a parameter the scenario lacks, 2 without --vary", () => {
    const r = cli(["sweep", "tutorial", "--vary", "nope=0..1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no uncertainty parameter 'nope'/);
    const none = cli(["sweep", "tutorial"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give at least one --vary/);
  });
});

describe.skipIf(!HAS_REDIS)("sweep --redis", () => {
  let redis: RedisProcess;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    worker = await startWorker(redis.url, ["--concurrency", "2"]);
  }, 60_000);
  afterAll(async () => {
    if (worker) await stopWorker(worker);
    await redis?.stop();
  });

  it("gives the local sweep's numbers, on the hand-worked scenario and on the tutorial under the plan policy", async () => {
    const local = cli([...sweepArgs(), "--threads", "2"]);
    const dist = await cliAsync([...sweepArgs(), "--redis", redis.url, "--shards", "2"]);
    expect(dist.status, dist.stderr).toBe(0);
    expect(dist.stdout).toBe(local.stdout);

    const tut = ["sweep", "tutorial", "--vary", "pkg-yield=0.9..1.03", "--vary", "capacity:asm-us-lines=0.8..1.2", "--trials", "1000", "--seed", "11", "--json"];
    const tLocal = cli([...tut, "--threads", "2"]);
    expect(tLocal.status, tLocal.stderr).toBe(0);
    const tDist = await cliAsync([...tut, "--redis", redis.url]);
    expect(tDist.status, tDist.stderr).toBe(0);
    expect(tDist.stdout).toBe(tLocal.stdout);
    expect(JSON.parse(tDist.stdout).tornado).toHaveLength(2);
  }, 180_000);
});

// A fab makes 10 parts a month for two lines: U (cheap, its capacity uncertain, ±50%) and T (dear, certain).
// At U = 5 the plan splits the parts 5 and 5; at U = 10 it sends all 10 to U. The plan delivers 10 chips a
// month either way, but a trial that follows it loses what U cannot make when its capacity falls short, and
// at U = 10 there is twice as much to lose: more capacity, less simulated value. The sweep says why.
const TWO_LINES = `
name: two-lines
title: Two lines
seed: 5
horizon: { start: 2026-01, periods: 6, bucket: month }
sites:
  - { id: fab, name: Fab, operator: A, country: US, lat: 33, lon: -112 }
  - { id: u, name: Line U, operator: B, country: US, lat: 30, lon: -95 }
  - { id: t, name: Line T, operator: C, country: US, lat: 33, lon: -97 }
  - { id: dc, name: DC, operator: D, country: US, lat: 39, lon: -77 }
items:
  - { id: part, name: Part, unit: part, valueUsd: 100 }
  - { id: chip, name: Chip, unit: chip, valueUsd: 1000 }
resources:
  - { id: fab-line, site: fab, name: Fab line, unit: parts/month, levels: [{ from: 2026-01, level: 10 }] }
  - { id: u-line, site: u, name: Line U, unit: chips/month, levels: [{ from: 2026-01, level: 5 }] }
  - { id: t-line, site: t, name: Line T, unit: chips/month, levels: [{ from: 2026-01, level: 10 }] }
operations:
  - { id: make-part, site: fab, produces: { item: part }, uses: [{ resource: fab-line, qty: 1 }], costUsd: 50 }
  - { id: make-u, site: u, produces: { item: chip }, consumes: [{ item: part, qty: 1 }], uses: [{ resource: u-line, qty: 1 }], costUsd: 100 }
  - { id: make-t, site: t, produces: { item: chip }, consumes: [{ item: part, qty: 1 }], uses: [{ resource: t-line, qty: 1 }], costUsd: 300 }
lanes:
  - { id: fab-u, from: fab, to: u, items: [part], transit: 0 }
  - { id: fab-t, from: fab, to: t, items: [part], transit: 0 }
  - { id: u-dc, from: u, to: dc, items: [chip], transit: 0 }
  - { id: t-dc, from: t, to: dc, items: [chip], transit: 0 }
demand:
  - { id: market, site: dc, item: chip, priceUsd: 1000, unbounded: true }
uncertainty:
  parameters:
    - { id: u-capacity, on: { resource: u-line }, parameter: capacity, distribution: { type: uniform, min: 0.5, max: 1.5 } }
`;

describe("sweep explains a capacity that lowers simulated value", () => {
  it("under the plan policy, names the uncertain site the plan moves work to", () => {
    const twoLines = join(dir, "two-lines.yaml");
    writeFileSync(twoLines, TWO_LINES);
    const r = cli(["sweep", twoLines, "--vary", "capacity:u-line=1..2", "--trials", "400", "--threads", "1", "--policy", "plan"]);
    expect(r.status, r.stderr).toBe(0);
    // The simulated delivered value falls (U short in a trial: its planned chips are lost, T stands idle)...
    expect(r.stdout).toMatch(/capacity:u-line\s+1\.\.2\s+\$[\d.,]+k\s+\$[\d.,]+k\s+−\$[\d.,]+k/);
    // ...and the line under the table says why, with the plan's own delivered value unchanged.
    expect(r.stdout).toContain(
      "why capacity:u-line at 2 instead of 1 gives delivered value −$",
    );
    expect(r.stdout).toContain("the plan at 2 delivers as much and moves work to u-line, but --policy plan has every trial follow that plan, and u-line is uncertain (u-capacity)");
    // By hand: U's capacity is m times its level, m uniform on 0.5..1.5, so a month loses E[(1 - m)+] = 0.125
    // of U's planned chips: 0.625 at U = 5, 1.25 at U = 10. Over 6 months at $1,000: $60,000 less $3,750 or $7,500.
    const json = JSON.parse(cli(["sweep", twoLines, "--vary", "capacity:u-line=1..2", "--trials", "400", "--threads", "1", "--json", "--policy", "plan"]).stdout);
    expect(json.tornado[0].atLow.deliveredValueUsd / 56_250).toBeCloseTo(1, 1);
    expect(json.tornado[0].atHigh.deliveredValueUsd / 52_500).toBeCloseTo(1, 1);
    // The greedy policy reroutes: no such line.
    const greedy = cli(["sweep", twoLines, "--vary", "capacity:u-line=1..2", "--trials", "400", "--threads", "1", "--policy", "greedy"]);
    expect(greedy.stdout).not.toContain("why ");
  });
});
