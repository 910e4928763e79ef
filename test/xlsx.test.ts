// Excel in and out: lossless round trips of the shipped scenarios, and broken cells reported at their place.
import { readdirSync, readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { isMap, isSeq, parseDocument } from "yaml";
import { loadScenarioText, normalize, type Scenario } from "../src/model/index.js";
import { formatSheetProblem, scenarioToWorkbook, workbookToScenario } from "../src/xlsx/index.js";

const scenarioPath = (name: string) => new URL(`../scenarios/${name}.yaml`, import.meta.url);

function load(name: string): Scenario {
  const result = loadScenarioText(readFileSync(scenarioPath(name), "utf8"));
  if (!result.ok) throw new Error(`${name} does not validate: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.scenario;
}

/** Through bytes, as a user's file would go: write the .xlsx, read it back. */
async function viaBytes(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const bytes = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(bytes as ArrayBuffer);
  return back;
}

/** Every shipped scenario that validates (the default one, us-ai-onshoring-2025, among them once it exists). */
const shipped = readdirSync(new URL("../scenarios/", import.meta.url))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -5))
  .filter((name) => loadScenarioText(readFileSync(scenarioPath(name), "utf8")).ok);

test("the tutorial is among the round-tripped scenarios", () => expect(shipped).toContain("tutorial"));

/** Every `source`, `assumption` and `note` in a YAML text, as path=value lines, read by walking the parsed document. */
function citations(text: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = String((pair.key as { value: unknown }).value);
        if (["source", "assumption", "note"].includes(key)) out.push(`${path}.${key}=${JSON.stringify((pair.value as { toJSON(): unknown }).toJSON())}`);
        else walk(pair.value, `${path}.${key}`);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, `${path}.${i}`));
  };
  walk(parseDocument(text).contents, "");
  return out;
}

/** The comment lines of a YAML text, trimmed. */
const commentLines = (text: string) => text.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("#"));

describe.each(shipped)("export-scenario then import-scenario of %s, as the CLI does it (with the file's text)", (name) => {
  const text = readFileSync(scenarioPath(name), "utf8");
  let yaml = "";
  test("keeps every source, assumption and note, and loads to the same normalized network", async () => {
    const back = workbookToScenario(await viaBytes(scenarioToWorkbook(load(name), { text })), `${name}.xlsx`);
    if (!back.ok) throw new Error(back.problems.map((p) => formatSheetProblem(`${name}.xlsx`, p)).join("\n"));
    yaml = back.yaml;
    const before = citations(text);
    expect(before.length).toBeGreaterThan(name === "tutorial" ? 10 : 100);
    expect(citations(yaml)).toEqual(before);
    const again = loadScenarioText(yaml);
    if (!again.ok) throw new Error(again.problems.map((p) => p.message).join("; "));
    expect(normalize(again.scenario)).toEqual(normalize(load(name)));
  });

  test("writes YAML as compact as the file, in its order, with its comments", () => {
    const lines = (s: string) => s.trimEnd().split("\n").length;
    // The case: 532 lines came back as 2,162. Now within a tenth of the file (one heading line added).
    expect(lines(yaml)).toBeLessThanOrEqual(Math.ceil(lines(text) * 1.1));
    // Every comment line of the file is there, in the same order.
    const heading = commentLines(yaml).slice(1);
    expect(heading).toEqual(commentLines(text));
    // Top-level keys, and the keys of each list's first entry, in the file's order (a field the file gives
    // at its default, such as `transit: 0`, may be left out: the loader puts it back).
    const keys = (s: string) => {
      const doc = parseDocument(s).contents;
      if (!isMap(doc)) return new Map<string, string[]>();
      return new Map(
        doc.items.map((p) => {
          const v = p.value;
          return [String((p.key as { value: unknown }).value), isSeq(v) && isMap(v.items[0]) ? v.items[0].items.map((q) => String((q.key as { value: unknown }).value)) : []];
        }),
      );
    };
    const [mine, theirs] = [keys(yaml), keys(text)];
    expect([...mine.keys()]).toEqual([...theirs.keys()]);
    for (const [k, fields] of mine) expect(fields, k).toEqual((theirs.get(k) ?? []).filter((f) => fields.includes(f)));
  });
});

describe.each(shipped)("round trip of %s", (name) => {
  test("scenario → xlsx → scenario is deep-equal to the parsed original", async () => {
    const original = load(name);
    const back = workbookToScenario(await viaBytes(scenarioToWorkbook(original)), `${name}.xlsx`);
    if (!back.ok) throw new Error(back.problems.map((p) => formatSheetProblem(`${name}.xlsx`, p)).join("\n"));
    // Strict: no field turned from absent into undefined on the way.
    expect(back.scenario).toStrictEqual(original);
    // The YAML it prints loads to the same scenario too.
    const again = loadScenarioText(back.yaml);
    expect(again.ok && again.scenario).toEqual(original);
  });
});

test("the tutorial's shapes land where the layout says", async () => {
  const wb = await viaBytes(scenarioToWorkbook(load("tutorial")));
  // 5 sites + header; lanes list their items as text; the learning-curve yield fills yield.* columns.
  expect(wb.getWorksheet("sites")?.actualRowCount).toBe(6);
  const ops = wb.getWorksheet("operations")!;
  const header = (ops.getRow(1).values as unknown[]).slice(1);
  const row = ops.getRow(3).values as unknown[]; // make-wafer-us
  expect(row[header.indexOf("id") + 1]).toBe("make-wafer-us");
  expect(row[header.indexOf("yield") + 1]).toBeUndefined();
  expect(row[header.indexOf("yield.start") + 1]).toBe(0.5);
  expect(wb.getWorksheet("resource_levels")!.getRow(2).values).toEqual([undefined, "fab-tw-starts", "2026-01", 100]);
  // discrete distribution: values and weights as comma-separated text
  const params = wb.getWorksheet("uncertainty_parameters")!;
  const ph = (params.getRow(1).values as unknown[]).slice(1);
  expect(params.getRow(2).getCell(ph.indexOf("values") + 1).value).toBe("0, 1, 2");
});

/** A small workbook from the tutorial with cells broken by hand. */
async function broken(edit: (wb: ExcelJS.Workbook) => void): Promise<ReturnType<typeof workbookToScenario>> {
  const wb = await viaBytes(scenarioToWorkbook(load("tutorial")));
  edit(wb);
  return workbookToScenario(await viaBytes(wb), "plan.xlsx");
}
const col = (ws: ExcelJS.Worksheet, name: string) => (ws.getRow(1).values as unknown[]).indexOf(name);

test("text in a number column and an unknown site id are both reported at their sheet and cell", async () => {
  const result = await broken((wb) => {
    const sites = wb.getWorksheet("sites")!;
    sites.getRow(3).getCell(col(sites, "lat")).value = "north"; // lat is column E
    const resources = wb.getWorksheet("resources")!;
    resources.getRow(4).getCell(col(resources, "site")).value = "pkg-xx"; // pkg-tw-lines, column B
  });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const lines = result.problems.map((p) => formatSheetProblem("plan.xlsx", p));
  expect(lines).toContain("plan.xlsx:sites!E3: lat: expected number, got 'north'");
  expect(lines.some((l) => l.startsWith("plan.xlsx:resources!B4: site: ") && l.includes("pkg-xx"))).toBe(true);
  // The blanked lat is not reported a second time as missing.
  expect(lines.filter((l) => l.includes("sites!E3"))).toHaveLength(1);
});

test("problems the schema finds are mapped to cells too, all in one pass", async () => {
  const result = await broken((wb) => {
    const items = wb.getWorksheet("items")!;
    items.getRow(2).getCell(col(items, "valueUsd")).value = -5; // nonnegative
    const ops = wb.getWorksheet("operations")!;
    ops.getRow(2).getCell(col(ops, "yield")).value = 0.9; // make-wafer-tw has yield 1 → now 0.9: fine
    ops.getRow(3).getCell(col(ops, "yield")).value = 0.8; // make-wafer-us also has yield.* columns: conflict
    const inputs = wb.getWorksheet("operation_inputs")!;
    inputs.getRow(2).getCell(1).value = "package-gpux"; // no such operation
    const params = wb.getWorksheet("uncertainty_parameters")!;
    params.getRow(3).getCell(col(params, "sd")).value = 0.1; // triangular has no sd
  });
  if (result.ok) throw new Error("expected problems");
  const lines = result.problems.map((p) => formatSheetProblem("plan.xlsx", p));
  expect(lines.find((l) => l.startsWith("plan.xlsx:items!D2: valueUsd: "))).toBeDefined();
  expect(lines.find((l) => l.startsWith("plan.xlsx:operations!H3: yield.start: cannot be combined with column 'yield'"))).toBeDefined();
  expect(lines).toContain("plan.xlsx:operation_inputs!A2: operation: no operation 'package-gpux' on sheet operations (did you mean 'package-gpu'?)");
  expect(lines.some((l) => l.startsWith("plan.xlsx:uncertainty_parameters!") && l.includes("sd"))).toBe(true);
  expect(lines.some((l) => l.includes("operations!G2"))).toBe(false);
});

test("unknown sheets and columns, missing required sheets", async () => {
  const result = await broken((wb) => {
    wb.getWorksheet("items")!.name = "itemz";
    const lanes = wb.getWorksheet("lanes")!;
    lanes.getRow(1).getCell(col(lanes, "transit")).value = "transt";
  });
  if (result.ok) throw new Error("expected problems");
  const lines = result.problems.map((p) => formatSheetProblem("plan.xlsx", p));
  expect(lines).toContain("plan.xlsx:itemz: unknown sheet 'itemz' (did you mean 'items'?); sheets are scenario, sites, items, resources, resource_levels, resource_ramps, resource_outages, operations, operation_inputs, operation_resources, lanes, inventory, demand, demand_schedule, targets, milestones, margins, commitments, tariffs, export_controls, uncertainty_parameters, disruptions, events, expansions, sources, comments");
  expect(lines).toContain("plan.xlsx:items: missing sheet 'items'");
  expect(lines.some((l) => l.startsWith("plan.xlsx:lanes!E1: unknown column 'transt' (did you mean 'transit'?)"))).toBe(true);
});

test("cells a spreadsheet program rewrites still read: a period typed as a date, numbers stored as text, units in headers", async () => {
  const wb = await viaBytes(scenarioToWorkbook(load("tutorial")));
  const levels = wb.getWorksheet("resource_levels")!;
  levels.getRow(2).getCell(2).value = new Date(Date.UTC(2026, 0, 1)); // Excel's reading of 2026-01
  const sites = wb.getWorksheet("sites")!;
  sites.getRow(2).getCell(col(sites, "lat")).value = " 24.8 ";
  const items = wb.getWorksheet("items")!;
  items.getRow(1).getCell(col(items, "valueUsd")).value = "valueUsd (USD)";
  const back = workbookToScenario(await viaBytes(wb), "t.xlsx");
  if (!back.ok) throw new Error(back.problems.map((p) => formatSheetProblem("t.xlsx", p)).join("\n"));
  expect(back.scenario).toEqual(load("tutorial"));
});

test("a source list of one stays a list; a single source stays a string", async () => {
  const s = load("tutorial");
  s.sites[0].source = ["tut"];
  s.items[0].source = "tut";
  const back = workbookToScenario(await viaBytes(scenarioToWorkbook(s)), "t.xlsx");
  if (!back.ok) throw new Error("expected ok");
  expect(back.scenario.sites[0].source).toEqual(["tut"]);
  expect(back.scenario.items[0].source).toBe("tut");
});
