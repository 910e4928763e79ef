// `waferline stress` end to end through the built CLI on the tutorial: the JSON contract, hand-derived
// figures, the table, what-ifs and exit codes.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync("node", ["bin/waferline.js", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

beforeAll(() => {
  expect(existsSync(join(root, "dist/cli/commands/stress.js"))).toBe(true);
}, 120_000);

type Node = { id: string; kind: string; ttsPeriods: number | null; ttsAtLeastCap: boolean; ttrPeriods: number; lostValueUsd: number; riskExposureIndex: number; flagged: boolean };

describe("waferline stress --json on the tutorial", () => {
  it("ranks the hand-derived figures at 2026-06 from the scenario's stock", () => {
    const run = cli("stress", "scenarios/tutorial.yaml", "--at", "2026-06", "--no-plan", "--json");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.period).toBe("2026-06");
    expect(doc.stockSource).toBe("scenario");
    for (const n of doc.nodes) for (const key of ["id", "ttsPeriods", "ttrPeriods", "lostValueUsd", "riskExposureIndex"]) expect(n).toHaveProperty(key);
    const node = (id: string): Node => doc.nodes.find((x: Node) => x.id === id);
    // Demand 20 servers/period from 2026-04; the chain sustains more (30 assembly lines), so the rate is 20.
    expect(doc.demand).toEqual([{ id: "us-servers", ratePerPeriod: 20, basis: "demand" }]);
    // No stock anywhere: every node on the only path pkg-tw -> gpus-to-us -> asm-us -> servers-to-dc has TTS 0.
    // Lost = 20 servers x $400k = $8M per period of TTR: pkg-tw 2 -> $16M, asm-us 1 -> $8M,
    // lanes (default TTR 3) -> $24M, TW (max(fab 3, pkg 2) = 3) and US (max(fab 3, asm 1) = 3) -> $24M.
    expect(node("pkg-tw")).toMatchObject({ ttsPeriods: 0, ttrPeriods: 2, lostValueUsd: 16e6, flagged: true });
    expect(node("pkg-tw").riskExposureIndex).toBeCloseTo(2 / 3, 6);
    expect(node("asm-us")).toMatchObject({ ttsPeriods: 0, lostValueUsd: 8e6 });
    expect(node("TW")).toMatchObject({ kind: "country", ttrPeriods: 3, lostValueUsd: 24e6, riskExposureIndex: 1 });
    // fab-tw down: the Arizona fab (70 starts at 0.85 yield in 2026-06) covers the 20 x 8 / 0.95 x 0.05 = 8.4 wafers needed.
    expect(node("fab-tw")).toMatchObject({ ttsPeriods: null, ttsAtLeastCap: true, lostValueUsd: 0, riskExposureIndex: 0, flagged: false });
    // Ties at index 1 break by kind: the lane before the countries.
    expect(doc.nodes[0].id).toBe("gpus-to-us");
    expect(doc.nodes.filter((x: Node) => x.flagged)).toHaveLength(6);
    expect(doc.reading).toMatch(/^gpus-to-us \(lane\) \(tied with 3 others\) carries the most risk at 2026-06: \$24\.0M of deliveries lost/);
  });

  it("takes stock from the plan by default, TTR overrides and a scope", () => {
    const run = cli("stress", "scenarios/tutorial.yaml", "--at", "2026-06", "--scope", "site", "--ttr", "asm-us=4", "--json");
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.stockSource).toBe("plan");
    expect(doc.nodes.every((x: Node) => x.kind === "site")).toBe(true);
    const asm = doc.nodes.find((x: Node) => x.id === "asm-us");
    expect(asm).toMatchObject({ ttrPeriods: 4, ttrSource: "override" });
    // The second round's keys: why this period, whether stock is trapped, the target's loss per node.
    expect(doc.period).toBe("2026-06");
    expect(doc.periodRule).toBe("given");
    expect(doc.stockTrapped).toBe(true);
    expect(typeof asm.lostTargetValueUsd).toBe("number");
  });

  it("without --at, stresses at the period of highest planned target output and says why", () => {
    const run = cli("stress", "scenarios/tutorial.yaml", "--json");
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.periodRule).toMatch(/highest planned output on target us-servers-value/);
    expect(doc.period).not.toBe("2026-01");
  });
});

describe("waferline stress: table, what-ifs and failures", () => {
  it("prints the ranked table, a what-if and the reading", () => {
    const run = cli("stress", "scenarios/tutorial.yaml", "--at", "2026-06", "--no-plan", "--extra-stock", "server@dc-us=40");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/node\s+kind\s+country\s+TTS\s+TTR\s+lost deliveries\s+lost us-servers-value\s+index\s+flag/);
    // (The target's loss per node, the column before the index, is derived by hand in src/stress/stress.test.ts.)
    expect(run.stdout).toMatch(/pkg-tw\s+site\s+TW\s+0\s+2\s+\$16\.0M\s+\$\S+\s+0\.67\s+TTR>TTS/);
    expect(run.stdout).toMatch(/fab-tw\s+site\s+TW\s+>= 12\s+3\s+\$0\s+\$\S+\s+0\.00/);
    // 40 servers at the customer = 2 periods at 20: pkg-tw (TTR 2) then loses nothing.
    expect(run.stdout).toContain("What-if: +40 server in stock at dc-us");
    expect(run.stdout).toMatch(/pkg-tw\s+0\s+2\s+0\.67\s+0\.00\n/);
    expect(run.stdout).toMatch(/carries the most risk at 2026-06/);
  });

  it("exits 1 on a period or TTR id the scenario lacks, and 2 on a malformed option", () => {
    const at = cli("stress", "scenarios/tutorial.yaml", "--at", "2031-01", "--json");
    expect(at.status).toBe(1);
    expect(at.stdout).toBe("");
    expect(at.stderr).toMatch(/outside the horizon 2026-01 \.\. 2026-12/);
    const scope = cli("stress", "scenarios/tutorial.yaml", "--scope", "planet");
    expect(scope.status).toBe(2);
    expect(scope.stderr).toMatch(/--scope planet/);
    const ttr = cli("stress", "scenarios/tutorial.yaml", "--ttr", "mars=2", "--no-plan");
    expect(ttr.status).toBe(1);
    expect(ttr.stderr).toMatch(/--ttr mars/);
    expect(cli("stress", "scenarios/tutorial.yaml", "--ttr", "TW=soon").status).toBe(2);
    expect(cli("stress", "scenarios/tutorial.yaml", "--bogus").status).toBe(2);
  });
});
