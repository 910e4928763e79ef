// What events do to sites and lanes (eventFootprints), and the events a scenario puts in force
// (`whatIf`), on the three-country toy; every answer read off the toy by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventFootprints, eventSummaries, foresightOf, loadScenarioText, type Network, normalize, resolveEventRefs, type Scenario, type ScenarioEvent } from "./index.js";

// Taiwan (site tw) and Korea (kr) each ship chips to the US (us) on a lane of their own (tw-us, kr-us);
// each site has one resource. Taiwan is blockaded in 2026-03..04. Six months from 2026-01.
const TOY = readFileSync(new URL("../../test/fixtures/events/three-countries.yaml", import.meta.url), "utf8");

function load(yaml: string): { scenario: Scenario; net: Network } {
  const r = loadScenarioText(yaml);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}:${p.col} ${p.path.join(".")} ${p.message}`).join("\n"));
  return { scenario: r.scenario, net: normalize(r.scenario) };
}

const ev = (e: Partial<ScenarioEvent> & Pick<ScenarioEvent, "id" | "kind" | "start">): ScenarioEvent => ({ assumption: "a test", ...e }) as ScenarioEvent;

describe("eventFootprints", () => {
  const { scenario, net } = load(TOY);
  const blockade = scenario.events[0];

  it("a blockade: the country's site down, its one lane closed, the site cut off; in force over its window only", () => {
    const f = eventFootprints(net, [blockade]);
    // tw-line is tw's only resource and loses all of it; tw's only lane, tw-us, carries chips only.
    // The US keeps kr-us, so it is not cut off.
    expect(f.applied).toEqual([{ id: "tw-blockade", kind: "blockade", start: "2026-03", end: "2026-04", sitesDown: [{ site: "tw", share: 1 }], sitesCutOff: ["tw"], lanesClosed: ["tw-us"], lanesRestricted: [] }]);
    expect(f.inForce).toEqual([{ from: "2026-03", to: "2026-04", events: ["tw-blockade"], sitesDown: [{ site: "tw", share: 1 }], sitesCutOff: ["tw"], lanesClosed: ["tw-us"], lanesRestricted: [] }]);
  });

  it("a partial outage beside the blockade: its share, and the periods split where the events in force change", () => {
    const quake = ev({ id: "kr-quake", kind: "outage", site: "kr", fraction: 0.25, start: "2026-04", periods: 2 });
    const f = eventFootprints(net, [blockade, quake]);
    expect(f.applied[1]).toEqual({ id: "kr-quake", kind: "outage", start: "2026-04", end: "2026-05", sitesDown: [{ site: "kr", share: 0.25 }], sitesCutOff: [], lanesClosed: [], lanesRestricted: [] });
    // 03: the blockade alone; 04: both (tw down, kr a quarter down); 05: the outage alone.
    expect(f.inForce.map((s) => [s.from, s.to, s.events, s.sitesDown, s.lanesClosed])).toEqual([
      ["2026-03", "2026-03", ["tw-blockade"], [{ site: "tw", share: 1 }], ["tw-us"]],
      ["2026-04", "2026-04", ["tw-blockade", "kr-quake"], [{ site: "tw", share: 1 }, { site: "kr", share: 0.25 }], ["tw-us"]],
      ["2026-05", "2026-05", ["kr-quake"], [{ site: "kr", share: 0.25 }], []],
    ]);
  });

  it("two outages of one site compound as applyEvents compounds them: 1 - (1 - 0.5)(1 - 0.5) = 0.75 lost", () => {
    const a = ev({ id: "a", kind: "outage", site: "us", fraction: 0.5, start: "2026-02", periods: 1 });
    const b = ev({ id: "b", kind: "outage", resource: "us-line", fraction: 0.5, start: "2026-02", periods: 1 });
    expect(eventFootprints(net, [a, b]).inForce).toEqual([{ from: "2026-02", to: "2026-02", events: ["a", "b"], sitesDown: [{ site: "us", share: 0.75 }], sitesCutOff: [], lanesClosed: [], lanesRestricted: [] }]);
  });

  it("an export ban closes the lanes that carry only the banned item, and restricts a lane that carries another", () => {
    // The toy with boxes allowed on tw-us too: a chip ban into the US leaves tw-us open for boxes.
    const { net: both } = load(TOY.replace("{ id: tw-us, from: tw, to: us, items: [chip] }", "{ id: tw-us, from: tw, to: us, items: [chip, box] }"));
    const ban = ev({ id: "chip-ban", kind: "exportBan", destination: "US", items: ["chip"], start: "2026-01", periods: 1 });
    const [a] = eventFootprints(both, [ban]).applied;
    expect(a.lanesClosed).toEqual(["kr-us"]);
    expect(a.lanesRestricted).toEqual([{ lane: "tw-us", items: ["chip"] }]);
    // Korea's one lane is closed: cut off; nothing loses capacity.
    expect(a.sitesCutOff).toEqual(["kr"]);
    expect(a.sitesDown).toEqual([]);
  });

  it("a tariff or a demand shock touches no site or lane", () => {
    const tariff = ev({ id: "t", kind: "tariff", origin: "KR", destination: "US", items: ["chip"], rate: 0.5, start: "2026-01", periods: 2 });
    const shock = ev({ id: "s", kind: "demandShock", demand: "d", factor: 2, start: "2026-01", periods: 2 });
    const f = eventFootprints(net, [tariff, shock]);
    expect(f.inForce).toEqual([{ from: "2026-01", to: "2026-02", events: ["t", "s"], sitesDown: [], sitesCutOff: [], lanesClosed: [], lanesRestricted: [] }]);
  });
});

describe("whatIf: the events a scenario puts in force", () => {
  const withWhatIf = `${TOY}whatIf:\n  events: [tw-blockade]\n  foresight: true\n`;

  it("every run of the scenario applies them, before those asked for; a name asked for again applies once", () => {
    const { scenario } = load(withWhatIf);
    const extra = ev({ id: "kr-out", kind: "outage", site: "kr", start: "2026-05", periods: 1 });
    const r = resolveEventRefs(scenario, ["tw-blockade", extra]);
    expect(r.ok && r.events.map((e) => e.id)).toEqual(["tw-blockade", "kr-out"]);
    expect(foresightOf(scenario, undefined)).toBe(true);
    expect(foresightOf(scenario, false)).toBe(false);
    expect(eventSummaries(scenario).map((e) => [e.name, e.inForce])).toEqual([["tw-blockade", true]]);
    // Without a whatIf nothing is in force.
    const plain = load(TOY).scenario;
    expect(resolveEventRefs(plain, []).ok && (resolveEventRefs(plain, []) as { events: unknown[] }).events).toEqual([]);
    expect(foresightOf(plain, undefined)).toBe(false);
  });

  it("a name that is not in the library, or one named twice, is a problem at its line and column", () => {
    const bad = `${TOY}whatIf:\n  events: [tw-blokade, tw-blockade, tw-blockade]\n`;
    const r = loadScenarioText(bad);
    expect(r.ok).toBe(false);
    const line = bad.split("\n").findIndex((l) => l.startsWith("  events: [tw-blokade")) + 1;
    const problems = r.ok ? [] : r.problems.map((p) => ({ path: p.path.join("."), line: p.line, col: p.col, message: p.message }));
    // `  events: [` is 11 characters: the first name at column 12, the third after "tw-blokade, tw-blockade, " (25 more).
    expect(problems).toEqual([
      { path: "whatIf.events.0", line, col: 12, message: "no event 'tw-blokade' in the scenario's `events:` library (did you mean 'tw-blockade'?)" },
      { path: "whatIf.events.2", line, col: 37, message: "event 'tw-blockade' is named twice" },
    ]);
  });
});
