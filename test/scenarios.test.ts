// The shipped scenarios: each loads cleanly, every figure is cited or stated as an assumption, every
// cited source is declared, and the default scenario has the NVL72 product structure.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Scenario } from "../src/model/index.js";

const DIR = fileURLToPath(new URL("../scenarios", import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();
const SCHEMA_LINE = "# yaml-language-server: $schema=../schema/scenario.schema.json";
const text = (file: string) => readFileSync(join(DIR, file), "utf8");

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const cited = (e: Json) =>
  (typeof e.source === "string" && e.source.length > 0) ||
  (Array.isArray(e.source) && e.source.length > 0) ||
  (typeof e.assumption === "string" && e.assumption.trim().length > 0);

/** Lists whose entries carry figures, as paths into the raw YAML. */
const CITED_LISTS = [
  ["sites"], ["items"], ["resources"], ["operations"], ["lanes"], ["inventory"], ["demand"], ["targets"], ["milestones"],
  ["policies", "tariffs"], ["policies", "exportControls"], ["uncertainty", "parameters"], ["uncertainty", "disruptions"],
];

/**
 * Paths of figure-bearing entries with neither `source` nor `assumption`. A resource's ramps and
 * outages may carry their own citation or rely on the resource's (level steps cannot carry one).
 */
function uncitedEntries(raw: unknown): string[] {
  const missing: string[] = [];
  if (!isObject(raw)) return ["(root)"];
  for (const path of CITED_LISTS) {
    let list: unknown = raw;
    for (const key of path) list = isObject(list) ? list[key] : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((entry, i) => {
      const where = `${path.join(".")}.${i}${isObject(entry) && typeof entry.id === "string" ? ` (${entry.id})` : ""}`;
      if (!isObject(entry)) return missing.push(where);
      if (!cited(entry)) missing.push(where);
      if (path[0] !== "resources") return;
      for (const sub of ["ramps", "outages"]) {
        const parts = entry[sub];
        if (!Array.isArray(parts)) continue;
        parts.forEach((p, j) => {
          if (!isObject(p) || !(cited(p) || cited(entry))) missing.push(`${where}.${sub}.${j}`);
        });
      }
    });
  }
  return missing;
}

/** Every `source:` id used anywhere (outside the `sources` list) that `sources` does not declare. */
function undeclaredSources(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const declared = new Set((Array.isArray(raw.sources) ? raw.sources : []).map((s) => (isObject(s) ? s.id : undefined)));
  const bad: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}.${i}`));
    if (!isObject(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "source") {
        for (const id of Array.isArray(x) ? x : [x]) if (!declared.has(id)) bad.push(`${path}.source: ${String(id)}`);
      } else walk(x, path ? `${path}.${k}` : k);
    }
  };
  for (const [k, v] of Object.entries(raw)) if (k !== "sources") walk(v, k);
  return bad;
}

function load(file: string): Scenario {
  const result = loadScenarioText(text(file));
  if (!result.ok) throw new Error(`${file}:\n${result.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")}: ${p.message}`).join("\n")}`);
  return result.scenario;
}

/**
 * How many units of each bought-in item one unit of `item` takes at `site`, following the operations
 * at that site down the bill of materials (items no operation there makes are leaves).
 */
function explode(s: Scenario, item: string, site: string, qty = 1, out = new Map<string, number>()): Map<string, number> {
  const op = s.operations.find((o) => o.site === site && o.produces.item === item);
  if (!op) {
    out.set(item, (out.get(item) ?? 0) + qty);
    return out;
  }
  for (const c of op.consumes) explode(s, c.item, site, (qty * c.qty) / op.produces.qty, out);
  return out;
}

describe("shipped scenarios", () => {
  it("include the default, the baseline and the tutorial", () => {
    expect(FILES).toEqual(expect.arrayContaining(["us-ai-onshoring-2025.yaml", "taiwan-baseline.yaml", "tutorial.yaml"]));
  });

  for (const file of FILES) {
    describe(file, () => {
      it("loads with no problems", () => {
        const result = loadScenarioText(text(file));
        expect(result.ok ? [] : result.problems).toEqual([]);
      });

      it("starts with the $schema comment for editors", () => {
        expect(text(file).split("\n")[0]).toBe(SCHEMA_LINE);
      });

      it("cites a source or states an assumption for every figure-bearing entry", () => {
        expect(uncitedEntries(parse(text(file)))).toEqual([]);
      });

      it("declares every source it cites", () => {
        expect(undeclaredSources(parse(text(file)))).toEqual([]);
      });
    });
  }
});

describe("the citation checks catch what they should", () => {
  const raw = () => parse(text("us-ai-onshoring-2025.yaml")) as Json;

  it("flags an entry with neither source nor assumption, and a ramp when its resource has none either", () => {
    const s = raw();
    const ops = s.operations as Json[];
    delete ops[0].source;
    delete ops[0].assumption;
    const res = (s.resources as Json[]).find((r) => r.id === "tw-n4-nvidia") as Json;
    delete res.source;
    delete res.assumption;
    delete (res.ramps as Json[])[1].assumption;
    expect(uncitedEntries(s)).toEqual([`resources.2 (tw-n4-nvidia)`, `resources.2 (tw-n4-nvidia).ramps.1`, `operations.0 (${ops[0].id})`]);
  });

  it("flags a source id that `sources` does not declare, wherever it is used", () => {
    const s = raw();
    s.sources = (s.sources as Json[]).filter((x) => x.id !== "S62");
    expect(undeclaredSources(s)).toEqual(["policies.tariffs.0.source: S62"]);
  });
});

describe("us-ai-onshoring-2025 (the default scenario)", () => {
  const s = load("us-ai-onshoring-2025.yaml");

  it("covers 2025-04 to 2029-03 with the $500B target and a mass-production milestone due 2026-06", () => {
    expect(s.name).toBe("us-ai-onshoring-2025");
    expect(s.horizon).toEqual({ start: "2025-04", periods: 48, bucket: "month" });
    expect(s.targets).toEqual([expect.objectContaining({ item: "nvl72-rack", countries: ["US"], valueUsd: 500e9, by: "2029-03" })]);
    expect(s.milestones).toEqual([expect.objectContaining({ item: "nvl72-rack", countries: ["US"], due: "2026-06" })]);
    expect(s.policies.onshore).toEqual(["US"]);
  });

  it("builds every rack from 72 GPU packages, 36 Grace CPUs and 9 switch trays", () => {
    const rackSites = s.operations.filter((o) => o.produces.item === "nvl72-rack").map((o) => o.site);
    expect(rackSites.sort()).toEqual(["foxconn-guadalajara", "foxconn-houston", "odm-taiwan", "wistron-fort-worth"]);
    for (const site of rackSites) {
      // rack = 18 compute trays + 9 switch trays; tray = 2 superchips; superchip = 1 Grace + 2 GPUs:
      // GPUs 18 x 2 x 2 = 72, Grace 18 x 2 x 1 = 36, switch trays 9.
      expect(Object.fromEntries(explode(s, "nvl72-rack", site))).toEqual({ "gpu-package": 72, "grace-cpu": 36, "nvlink-switch-tray": 9 });
    }
  });

  it("makes each GPU package from 2 dies and 8 HBM3E stacks, about 16 to a CoWoS wafer and 15-25 to an N4 wafer", () => {
    const packaging = s.operations.filter((o) => o.produces.item === "gpu-package");
    expect(packaging.length).toBe(4);
    for (const op of packaging) {
      expect(op.consumes).toEqual([{ item: "gpu-die", qty: 2 }, { item: "hbm3e-stack", qty: 8 }]);
      // 1 / 0.0625 = 16 package starts per CoWoS wafer.
      expect(1 / op.uses[0].qty).toBeCloseTo(16, 9);
    }
    for (const op of s.operations.filter((o) => o.produces.item === "gpu-die")) {
      // 1 / 0.016 = 62.5 candidate dies, x 0.65 = 40.6 good dies, / 2 = 20.3 packages per wafer.
      const perWafer = ((1 / op.consumes[0].qty) * (op.yield as number)) / 2;
      expect(perWafer).toBeCloseTo(20.3, 1);
      expect(perWafer).toBeGreaterThanOrEqual(15);
      expect(perWafer).toBeLessThanOrEqual(25);
    }
  });

  it("has US rack plants, US packaging and US HBM, each starting with a ramp", () => {
    const us = new Set(s.sites.filter((x) => x.country === "US").map((x) => x.id));
    for (const id of ["houston-racks", "fort-worth-racks", "amkor-az-cowos", "spil-az-cowos", "skh-in-hbm", "az-fab1-n4", "az-fab2-n3"]) {
      const r = s.resources.find((x) => x.id === id);
      expect(r && us.has(r.site), id).toBe(true);
      expect(r?.ramps[0]?.from, id).toBe(0);
    }
  });
});

describe("item values hang together", () => {
  for (const file of ["us-ai-onshoring-2025.yaml", "taiwan-baseline.yaml"]) {
    it(`${file}: no operation destroys value (good output at mature yield is worth at least its inputs)`, () => {
      // Value added is derived from item values (output less inputs), so an item priced below what
      // goes into it would show up as negative manufacturing content somewhere.
      const s = load(file);
      const value = new Map(s.items.map((x) => [x.id, x.valueUsd]));
      for (const op of s.operations) {
        const y = typeof op.yield === "number" ? op.yield : op.yield.mature;
        const out = op.produces.qty * y * (value.get(op.produces.item) ?? 0);
        const inputs = op.consumes.reduce((sum, c) => sum + c.qty * (value.get(c.item) ?? 0), 0);
        expect(out, op.id).toBeGreaterThanOrEqual(inputs);
      }
    });
  }
});

describe("taiwan-baseline", () => {
  const base = load("taiwan-baseline.yaml");
  const onshore = load("us-ai-onshoring-2025.yaml");

  it("keeps the default's demand, target and milestone", () => {
    expect(base.demand).toEqual(onshore.demand);
    expect(base.targets).toEqual(onshore.targets);
    expect(base.milestones).toEqual(onshore.milestones);
    expect(base.horizon).toEqual(onshore.horizon);
  });

  it("makes nothing in the US: the only US site is the customer", () => {
    const us = base.sites.filter((x) => x.country === "US");
    expect(us.map((x) => x.id)).toEqual(["dc-us"]);
    expect(base.operations.filter((o) => us.some((x) => x.id === o.site))).toEqual([]);
    for (const site of ["foxconn-guadalajara", "odm-taiwan"]) {
      expect(Object.fromEntries(explode(base, "nvl72-rack", site))).toEqual({ "gpu-package": 72, "grace-cpu": 36, "nvlink-switch-tray": 9 });
    }
  });
});
