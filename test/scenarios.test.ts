// The shipped scenarios: each loads cleanly, every figure is cited or stated as an assumption, every
// cited source is declared, nothing points outside the repository, the default scenario has the
// product structure of its three generations and a value chain that adds up, every uncertain input is
// a range with a citation per bound, and the Taiwan baseline stays in step with it. Also a hand-checked
// product switch on a small network.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadScenarioText, normalize, type Scenario } from "../src/model/index.js";
import { plan } from "../src/plan/index.js";
import { headlineItems } from "../src/run/present.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "scenarios");
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
  ["sites"], ["items"], ["resources"], ["operations"], ["lanes"], ["inventory"], ["demand"], ["targets"], ["milestones"], ["margins"],
  ["commitments"], ["policies", "tariffs"], ["policies", "exportControls"], ["uncertainty", "parameters"], ["uncertainty", "disruptions"],
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
      // A range is cited by its bounds (checked in full by unsourcedBounds below).
      const boundsCited = ["low", "high"].every((b) => isObject(entry[b]) && ((entry[b] as Json).source !== undefined || typeof (entry[b] as Json).reason === "string"));
      if (!cited(entry) && !boundsCited) missing.push(where);
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

/** Uncertainty parameters that are not ranges, or whose low or high bound has neither a source nor a reason. */
function unsourcedBounds(s: Scenario, ids?: readonly string[]): string[] {
  const bad: string[] = [];
  for (const u of s.uncertainty.parameters) {
    if (ids && !ids.includes(u.id)) continue;
    if (u.distribution.type !== "range") {
      bad.push(`${u.id}: ${u.distribution.type}, not a range`);
      continue;
    }
    for (const bound of ["low", "high"] as const) {
      const c = u[bound];
      const ok = c && ((c.source !== undefined && (Array.isArray(c.source) ? c.source.length > 0 : c.source.length > 0)) || (c.reason ?? "").trim().length > 0);
      if (!ok) bad.push(`${u.id}.${bound}: no source or reason`);
    }
  }
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

describe("shipped files refer only to this repository", () => {
  // Scenarios, docs and the README: no path into the project's working folders, no note that a
  // source's address was cut short somewhere else.
  const shipped = [
    ...FILES.map((f) => join(DIR, f)),
    ...readdirSync(join(ROOT, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => join(ROOT, "docs", f)),
    join(ROOT, "README.md"),
  ];

  it("no scenario, doc or README mentions shared/", () => {
    const hits = shipped.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ f, i, line }))
        .filter(({ line }) => /(^|[^A-Za-z0-9_-])shared\//.test(line) || /address truncated/i.test(line))
        .map(({ f, i }) => `${f.slice(ROOT.length)}:${i + 1}`),
    );
    expect(hits).toEqual([]);
  });

  it("the check catches a path into shared/", () => {
    expect(/(^|[^A-Za-z0-9_-])shared\//.test("Facts: ../../shared/facts/x.md")).toBe(true);
    expect(/(^|[^A-Za-z0-9_-])shared\//.test("capacity shared by all its items")).toBe(false);
  });
});

describe("the citation checks catch what they should", () => {
  const raw = () => parse(text("us-ai-onshoring-2025.yaml")) as Json;

  it("flags an entry with neither source nor assumption, and a ramp when its resource has none either", () => {
    const s = raw();
    const ops = s.operations as Json[];
    delete ops[0].source;
    delete ops[0].assumption;
    const resources = s.resources as Json[];
    const i = resources.findIndex((r) => r.id === "tw-n4-nvidia");
    const res = resources[i];
    delete res.source;
    delete res.assumption;
    delete (res.ramps as Json[])[1].assumption;
    expect(uncitedEntries(s)).toEqual([`resources.${i} (tw-n4-nvidia)`, `resources.${i} (tw-n4-nvidia).ramps.1`, `operations.0 (${ops[0].id})`]);
  });

  it("flags a source id that `sources` does not declare, wherever it is used", () => {
    const s = raw();
    s.sources = (s.sources as Json[]).filter((x) => x.id !== "S62");
    expect(undeclaredSources(s)).toEqual(["policies.tariffs.0.source: S62"]);
  });

  it("flags a parameter that is not a range, and a bound without a citation", () => {
    const s = load("us-ai-onshoring-2025.yaml");
    const copy = structuredClone(s);
    copy.uncertainty.parameters[0] = { ...copy.uncertainty.parameters[0], distribution: { type: "uniform", min: 0.5, max: 1.5 }, low: undefined, high: undefined };
    copy.uncertainty.parameters[1] = { ...copy.uncertainty.parameters[1], high: { note: "nothing" } };
    const [a, b] = copy.uncertainty.parameters;
    expect(unsourcedBounds(copy)).toEqual([`${a.id}: uniform, not a range`, `${b.id}.high: no source or reason`]);
  });
});

describe("us-ai-onshoring-2025 (the default scenario, v2)", () => {
  const s = load("us-ai-onshoring-2025.yaml");
  const byId = <T extends { id: string }>(list: T[], id: string): T => {
    const x = list.find((e) => e.id === id);
    if (!x) throw new Error(`no ${id}`);
    return x;
  };

  it("covers 2025-04 to 2029-03 with the $500B target on every rack generation and a milestone at the new plants due 2026-06", () => {
    expect(s.name).toBe("us-ai-onshoring-2025");
    expect(s.horizon).toEqual({ start: "2025-04", periods: 48, bucket: "month" });
    expect(s.targets).toEqual([
      expect.objectContaining({ measure: "assembledValue", items: ["gb200-rack", "gb300-rack", "vr-rack"], countries: ["US"], valueUsd: 500e9, by: "2029-03" }),
    ]);
    expect(s.milestones).toEqual([expect.objectContaining({ items: ["gb300-rack", "vr-rack"], sites: ["foxconn-houston", "wistron-fort-worth"], quantityPerPeriod: 400, due: "2026-06" })]);
    expect(s.policies.onshore).toEqual(["US"]);
    expect(s.commitments).toEqual([]); // NVIDIA has promised no share of racks to US plants
  });

  it("moves the demand between generations on dated windows, at each generation's central price", () => {
    const windows = s.demand.map((d) => [d.item, d.from ?? null, d.until ?? null, d.priceUsd]);
    expect(windows).toEqual([
      ["gb200-rack", null, "2025-09", 3_000_000],
      ["gb300-rack", "2025-07", "2027-12", 3_500_000],
      ["vr-rack", "2026-07", null, 7_800_000],
    ]);
  });

  it("builds every rack from 72 packages, 36 CPUs, 9 switch trays and a parts kit of its own generation", () => {
    const bom = {
      "gb200-rack": { "b200-package": 72, "grace-cpu": 36, "nvlink5-switch-tray": 9, "gb200-parts": 1 },
      "gb300-rack": { "b300-package": 72, "grace-cpu": 36, "nvlink5-switch-tray": 9, "gb300-parts": 1 },
      "vr-rack": { "rubin-package": 72, "vera-cpu": 36, "nvlink6-switch-tray": 9, "vr-parts": 1 },
    };
    const rackOps = s.operations.filter((o) => o.produces.item.endsWith("-rack"));
    expect(rackOps.length).toBe(13);
    for (const op of rackOps) expect(Object.fromEntries(explode(s, op.produces.item, op.site)), op.id).toEqual(bom[op.produces.item as keyof typeof bom]);
    // Houston and Fort Worth open after GB200's window: they make GB300 and VR only.
    for (const site of ["foxconn-houston", "wistron-fort-worth"]) expect(rackOps.filter((o) => o.site === site).map((o) => o.produces.item).sort()).toEqual(["gb300-rack", "vr-rack"]);
  });

  it("packs 2 dies and 8 HBM stacks of the generation's kind into each package, ~16 Blackwell or 9 Rubin to a CoWoS wafer", () => {
    const kind = { "b200-package": ["blackwell-die", "hbm3e-8h", 16], "b300-package": ["blackwell-die", "hbm3e-12h", 16], "rubin-package": ["rubin-die", "hbm4-12h", 9] } as const;
    const packaging = s.operations.filter((o) => o.produces.item.endsWith("-package"));
    expect(packaging.map((o) => o.id).sort()).toEqual(["pkg-b200-spil", "pkg-b200-tsmc", "pkg-b300-spil", "pkg-b300-tsmc", "pkg-rubin-amkor", "pkg-rubin-spil", "pkg-rubin-tsmc", "pkg-rubin-tsmc-az"]);
    for (const op of packaging) {
      const [die, stack, perWafer] = kind[op.produces.item as keyof typeof kind];
      expect(op.consumes, op.id).toEqual([{ item: die, qty: 2 }, { item: stack, qty: 8 }]);
      expect(op.uses).toHaveLength(1);
      expect(1 / op.uses[0].qty, op.id).toBeCloseTo(perWafer, 2);
    }
  });

  it("counts HBM in one unit per supplier: a 12-high or HBM4 stack takes 1.5 of an 8-high's", () => {
    const unit = { "hbm3e-8h": 1, "hbm3e-12h": 1.5, "hbm4-12h": 1.5, "hbm4-core-die-set": 1.5 } as const;
    const hbm = s.operations.filter((o) => ["skh-icheon", "samsung-pyeongtaek", "micron-taichung"].includes(o.site));
    expect(hbm.length).toBe(8);
    for (const op of hbm) expect(op.uses[0].qty, op.id).toBe(unit[op.produces.item as keyof typeof unit]);
    // Samsung has no 8-high HBM3E for NVIDIA; Micron supplies 12-high (B300) and HBM4, not B200's 8-high.
    expect(hbm.filter((o) => o.produces.item === "hbm3e-8h").map((o) => o.site)).toEqual(["skh-icheon"]);
  });

  it("makes SK hynix's HBM4 on a base die from TSMC in Taiwan: a Taiwan dependency inside Korean HBM", () => {
    const skh4 = byId(s.operations, "hbm-skh-hbm4");
    expect(skh4.consumes).toEqual([{ item: "hbm4-base-die", qty: 1 }]);
    const maker = s.operations.filter((o) => o.produces.item === "hbm4-base-die").map((o) => byId(s.sites, o.site).country);
    expect(maker).toEqual(["TW"]);
    expect(s.lanes.some((l) => l.from === "tsmc-tw-fabs" && l.to === "skh-icheon" && l.items.includes("hbm4-base-die"))).toBe(true);
  });

  it("makes Rubin dies only on N3, and N3 in Arizona only from 2H 2027", () => {
    const n3 = s.operations.filter((o) => o.produces.item === "rubin-die");
    expect(n3.map((o) => o.uses[0].resource).sort()).toEqual(["az-fab2-n3", "tw-n3-nvidia"]);
    expect(byId(s.resources, "az-fab2-n3").ramps[0].start).toBe("2027-07");
  });

  it("has no US CoWoS before 2028 and no SPIL Arizona at all (a named variant, off by default)", () => {
    for (const id of ["amkor-az-cowos", "tsmc-az-cowos"]) expect(byId(s.resources, id).ramps[0].start >= "2028-01", id).toBe(true);
    expect(s.sites.some((x) => x.id.includes("spil") && x.country === "US")).toBe(false);
    expect(text("us-ai-onshoring-2025.yaml")).toMatch(/SPIL \(ASE\) Arizona\. .*\n(#.*\n)*# .*Off by default/);
  });

  it("books NVIDIA's gross margin (72-75%) on what NVIDIA sells, in the US", () => {
    expect(s.margins.map((m) => m.item).sort()).toEqual(["b200-package", "b300-package", "grace-cpu", "nvlink5-switch-tray", "nvlink6-switch-tray", "rubin-package", "vera-cpu"]);
    for (const m of s.margins) {
      expect(m.owner).toBe("NVIDIA");
      expect(m.country).toBe("US");
      expect(m.share).toBeGreaterThanOrEqual(0.72);
      expect(m.share).toBeLessThanOrEqual(0.75);
    }
  });

  it("records the H20 licence events and the tariff terms as dated policy entries", () => {
    expect(s.policies.exportControls.map((e) => [e.id, e.destination, e.from])).toEqual([
      ["h20-licence", "CN", "2025-04"],
      ["blackwell-rubin-china", "CN", "2025-12"],
    ]);
    const s122 = s.policies.tariffs.filter((t) => t.id.startsWith("s122"));
    expect(s122.map((t) => [t.origin, t.from, t.until])).toEqual([
      ["TW", "2026-02", "2026-07"],
      ["MX", "2026-02", "2026-07"],
    ]);
    // No site in China: those controls cannot bind.
    expect(s.sites.some((x) => x.country === "CN")).toBe(false);
  });

  it("gives every uncertain input a range with a source or a reason for each bound", () => {
    expect(s.uncertainty.parameters.length).toBeGreaterThanOrEqual(20);
    expect(unsourcedBounds(s)).toEqual([]);
  });

  it("gives every US rack line, every rack price and every US plant's opening date a range", () => {
    const ranged = (kind: string, parameter: string) => new Set(s.uncertainty.parameters.filter((u) => u.parameter === parameter && kind in u.on).map((u) => Object.values(u.on)[0]));
    const capacity = ranged("resource", "capacity");
    const delay = ranged("resource", "rampDelay");
    const us = new Set(s.sites.filter((x) => x.country === "US").map((x) => x.id));
    const rackLines = new Set(s.operations.filter((o) => o.produces.item.endsWith("-rack")).flatMap((o) => o.uses.map((u) => u.resource)));
    for (const r of s.resources.filter((x) => us.has(x.site) && rackLines.has(x.id))) expect(capacity.has(r.id), `${r.id} capacity`).toBe(true);
    // US plants that open within the horizon (rack lines, packaging, HBM) carry a range on their date.
    for (const r of s.resources.filter((x) => us.has(x.site) && x.levels.length === 0 && x.ramps[0]?.from === 0 && x.id !== "az-fab1-n4")) expect(delay.has(r.id), `${r.id} rampDelay`).toBe(true);
    expect([...ranged("demand", "price")].sort()).toEqual(s.demand.map((d) => d.id).sort());
  });
});

describe("the report charts every generation", () => {
  it("counts the output of every item the target names, not only the first", () => {
    const ids = (file: string) => {
      const net = normalize(load(file));
      return [...headlineItems(net)].map((i) => net.items[i].id).sort();
    };
    expect(ids("us-ai-onshoring-2025.yaml")).toEqual(["gb200-rack", "gb300-rack", "vr-rack"]);
    expect(ids("tutorial.yaml")).toEqual(["server"]);
  });
});

describe("the default's value chain adds up", () => {
  const s = load("us-ai-onshoring-2025.yaml");
  const value = new Map(s.items.map((x) => [x.id, x.valueUsd]));
  const margin = new Map<string, number>();
  for (const m of s.margins) margin.set(m.item, (margin.get(m.item) ?? 0) + (m.usd ?? (m.share ?? 0) * (value.get(m.item) ?? 0)));

  it("prices each rack at its inputs plus 3% of integration (the header's table)", () => {
    for (const [rack, price] of [["gb200-rack", 3_000_000], ["gb300-rack", 3_500_000], ["vr-rack", 7_800_000]] as const) {
      for (const op of s.operations.filter((o) => o.produces.item === rack)) {
        const inputs = op.consumes.reduce((sum, c) => sum + c.qty * (value.get(c.item) ?? 0), 0);
        expect(value.get(rack), rack).toBe(price);
        expect((price - inputs) / price, op.id).toBeCloseTo(0.03, 6);
      }
    }
  });

  it("puts NVIDIA's content at 55-80% of each rack's price", () => {
    for (const op of s.operations.filter((o) => o.produces.item.endsWith("-rack"))) {
      const nvidia = op.consumes.filter((c) => margin.has(c.item)).reduce((sum, c) => sum + c.qty * (value.get(c.item) ?? 0), 0);
      const share = nvidia / (value.get(op.produces.item) ?? 1);
      expect(share, op.id).toBeGreaterThan(0.55);
      expect(share, op.id).toBeLessThan(0.8);
    }
  });
});

describe("item values hang together", () => {
  for (const file of ["us-ai-onshoring-2025.yaml", "taiwan-baseline.yaml"]) {
    it(`${file}: no operation's value added goes negative, margins taken out (good output at mature yield is worth at least its inputs)`, () => {
      // Value added is derived from item values (output less inputs, less the owner's margin), so an item
      // priced below what goes into it would show up as negative manufacturing content somewhere.
      const s = load(file);
      const value = new Map(s.items.map((x) => [x.id, x.valueUsd]));
      const margin = new Map<string, number>();
      for (const m of s.margins) margin.set(m.item, (margin.get(m.item) ?? 0) + (m.usd ?? (m.share ?? 0) * (value.get(m.item) ?? 0)));
      for (const op of s.operations) {
        const y = typeof op.yield === "number" ? op.yield : Math.min(op.yield.start, op.yield.mature);
        const item = op.produces.item;
        const out = op.produces.qty * y * ((value.get(item) ?? 0) - (margin.get(item) ?? 0));
        const inputs = op.consumes.reduce((sum, c) => sum + c.qty * (value.get(c.item) ?? 0), 0);
        expect(out, op.id).toBeGreaterThanOrEqual(inputs);
      }
    });
  }
});

describe("taiwan-baseline", () => {
  const base = load("taiwan-baseline.yaml");
  const onshore = load("us-ai-onshoring-2025.yaml");
  const usSites = new Set(onshore.sites.filter((x) => x.country === "US" && x.id !== "dc-us").map((x) => x.id));

  it("keeps the default's demand windows, prices, target, margins, policies and horizon", () => {
    expect(base.demand).toEqual(onshore.demand);
    expect(base.targets).toEqual(onshore.targets);
    expect(base.margins).toEqual(onshore.margins);
    expect(base.policies).toEqual(onshore.policies);
    expect(base.horizon).toEqual(onshore.horizon);
    expect(base.milestones).toEqual([{ ...onshore.milestones[0], sites: undefined, countries: ["US"], description: "Mass production: first month with 400 racks from US plants" }].map((m) => JSON.parse(JSON.stringify(m))));
  });

  it("makes nothing in the US: the only US site is the customer", () => {
    const us = base.sites.filter((x) => x.country === "US");
    expect(us.map((x) => x.id)).toEqual(["dc-us"]);
    expect(base.operations.filter((o) => us.some((x) => x.id === o.site))).toEqual([]);
  });

  it("keeps every non-US site, item, operation and uncertain input of the default as it is (same generations, HBM, CoWoS)", () => {
    const strip = <T>(x: T) => JSON.parse(JSON.stringify(x)) as T;
    const offshore = <T extends { id: string }>(list: T[], keep: (x: T) => boolean) => strip(list.filter(keep));
    expect(base.sites).toEqual(offshore(onshore.sites, (x) => !usSites.has(x.id)));
    expect(base.items).toEqual(offshore(onshore.items, (x) => x.id !== "hbm4-core-die-set"));
    const usOps = new Set(onshore.operations.filter((o) => usSites.has(o.site)).map((o) => o.id));
    expect(base.operations).toEqual(offshore(onshore.operations, (o) => !usSites.has(o.site) && o.id !== "hbm-dies-skh"));
    // Taiwan's wafer allocations absorb what Arizona made; every other resource is the same.
    const usRes = new Set(onshore.resources.filter((r) => usSites.has(r.site)).map((r) => r.id));
    const same = (r: { id: string }) => !usRes.has(r.id) && r.id !== "tw-n4-nvidia" && r.id !== "tw-n3-nvidia";
    expect(base.resources.filter(same)).toEqual(strip(onshore.resources.filter(same)));
    const onUs = (u: Scenario["uncertainty"]["parameters"][number]) => ("resource" in u.on && usRes.has(u.on.resource)) || ("operation" in u.on && usOps.has(u.on.operation));
    expect(base.uncertainty.parameters).toEqual(strip(onshore.uncertainty.parameters.filter((u) => !onUs(u))));
    expect(base.inventory).toEqual(onshore.inventory);
  });

  it("serves US demand from Taiwan and Mexico with every generation", () => {
    for (const site of ["foxconn-guadalajara", "odm-taiwan"]) {
      expect(base.operations.filter((o) => o.site === site && o.produces.item.endsWith("-rack")).map((o) => o.produces.item).sort()).toEqual(["gb200-rack", "gb300-rack", "vr-rack"]);
    }
  });
});

describe("a product switch happens on its date (hand-checked)", () => {
  // One packaging plant with 10 CoWoS wafers a month and one HBM maker with 2,000 units a month; a rack
  // is 2 packages. Generation 1 (months 1-6): 16 packages a wafer, 8 stacks of 8-high (1 unit each) a
  // package. Generation 2 (months 7-12): 9 packages a wafer, 12 stacks of 12-high (1.5 units) a package.
  // No lead times, prices high enough that everything possible is sold.
  //   gen 1: CoWoS allows 10 x 16 = 160 packages, HBM 2,000 / 8 = 250 -> CoWoS binds: 160 packages,
  //          80 racks, 16 stacks a rack, 1,280 HBM units.
  //   gen 2: CoWoS allows 10 x 9 = 90 packages, HBM 2,000 / 18 = 111 -> CoWoS binds: 90 packages,
  //          45 racks, 24 stacks a rack, 90 x 12 x 1.5 = 1,620 HBM units.
  // Generation 1 earns $1,000 a package x 16 = $16,000 a wafer, generation 2 $1,000 x 9 = $9,000, so
  // nothing is gained by making generation 2 early and holding it (holding costs $1 a package a month);
  // stacks cost $10 and $15 to make and 1% a month to hold, so none are made early or unused.
  const toy = `
name: switch
title: a product switch in month 6
horizon: { start: 2026-01, periods: 12 }
sites:
  - { id: pkg, name: packaging, operator: x, country: TW, lat: 0, lon: 0 }
  - { id: mem, name: memory, operator: x, country: KR, lat: 0, lon: 0 }
  - { id: dc, name: customer, operator: x, country: US, lat: 0, lon: 0 }
items:
  - { id: hbm-8h, name: 8-high, unit: stack, valueUsd: 10, holdingCostUsd: 0.1 }
  - { id: hbm-12h, name: 12-high, unit: stack, valueUsd: 15, holdingCostUsd: 0.15 }
  - { id: pkg-1, name: gen-1 package, unit: package, valueUsd: 1000, holdingCostUsd: 1 }
  - { id: pkg-2, name: gen-2 package, unit: package, valueUsd: 1000, holdingCostUsd: 1 }
  - { id: rack-1, name: gen-1 rack, unit: rack, valueUsd: 2000 }
  - { id: rack-2, name: gen-2 rack, unit: rack, valueUsd: 2000 }
resources:
  - { id: cowos, site: pkg, name: CoWoS, unit: wafers/month, levels: [{ from: 2026-01, level: 10 }] }
  - { id: hbm, site: mem, name: HBM, unit: units/month, levels: [{ from: 2026-01, level: 2000 }] }
operations:
  - { id: make-8h, site: mem, produces: { item: hbm-8h }, uses: [{ resource: hbm, qty: 1 }], costUsd: 10 }
  - { id: make-12h, site: mem, produces: { item: hbm-12h }, uses: [{ resource: hbm, qty: 1.5 }], costUsd: 15 }
  - { id: pack-1, site: pkg, produces: { item: pkg-1 }, consumes: [{ item: hbm-8h, qty: 8 }], uses: [{ resource: cowos, qty: 0.0625 }] }
  - { id: pack-2, site: pkg, produces: { item: pkg-2 }, consumes: [{ item: hbm-12h, qty: 12 }], uses: [{ resource: cowos, qty: ${1 / 9} }] }
  - { id: rack-1, site: pkg, produces: { item: rack-1 }, consumes: [{ item: pkg-1, qty: 2 }] }
  - { id: rack-2, site: pkg, produces: { item: rack-2 }, consumes: [{ item: pkg-2, qty: 2 }] }
lanes:
  - { id: hbm-in, from: mem, to: pkg, items: [hbm-8h, hbm-12h] }
  - { id: racks-out, from: pkg, to: dc, items: [rack-1, rack-2] }
demand:
  - { id: d1, site: dc, item: rack-1, priceUsd: 2000, unbounded: true, until: 2026-06 }
  - { id: d2, site: dc, item: rack-2, priceUsd: 2000, unbounded: true, from: 2026-07 }
`;

  it("switches output, stacks per rack, packages per wafer and HBM use in month 7", async () => {
    const r = loadScenarioText(toy);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("; "));
    const net = normalize(r.scenario);
    const p = await plan(net, { limitCandidates: 0 });
    expect(p.status).toBe("optimal");
    const { T } = net;
    const row = (id: string) => Array.from(p.starts.subarray(net.operations.findIndex((o) => o.id === id) * T, (net.operations.findIndex((o) => o.id === id) + 1) * T));
    const near = (xs: number[], want: number[]) => xs.forEach((x, t) => expect(x, `period ${t + 1}`).toBeCloseTo(want[t], 6));
    const six = (a: number, b: number) => [...Array(6).fill(a), ...Array(6).fill(b)];
    near(row("rack-1"), six(80, 0));
    near(row("rack-2"), six(0, 45));
    near(row("pack-1"), six(160, 0));
    near(row("pack-2"), six(0, 90));
    // HBM stacks per rack: 16 then 24; HBM units used: 1,280 then 1,620; CoWoS wafers: 10 throughout.
    near(row("make-8h"), six(1280, 0));
    near(row("make-12h"), six(0, 1080));
    const cowos = row("pack-1").map((x, t) => x * 0.0625 + row("pack-2")[t] / 9);
    near(cowos, Array(12).fill(10));
    const hbmUnits = row("make-8h").map((x, t) => x + 1.5 * row("make-12h")[t]);
    near(hbmUnits, six(1280, 1620));
    const stacksPerRack = row("rack-1").map((x, t) => (row("make-8h")[t] + row("make-12h")[t]) / (x + row("rack-2")[t]));
    near(stacksPerRack, six(16, 24));
  });
});
