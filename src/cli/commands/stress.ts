// stress: time to survive, time to recover and risk exposure per site, lane, country and combination.
import type { Command } from "commander";
import type { Network } from "../../model/index.js";
import { plan } from "../../plan/index.js";
import { type Mitigation, type Scope, StressInputError, type StressOptions, type StressResult } from "../../stress/index.js";
import { stressInWorkers } from "../../stress/stress.node.js";
import { count, money, plain } from "../../format/index.js";
import { bold, dim, EXIT, integerOption, numberOption, printJson, red, table, UsageError, UserError, yellow } from "../output.js";
import { applyEvents, foresightOf } from "../../model/index.js";
import { planWithEvents } from "../../plan/replan.js";
import { eventOptions, resolveEvents } from "../events.js";
import { checkPeriod, DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface Opts {
  at?: string;
  scope: string;
  ttr: string[];
  combo: string[];
  extraStock: string[];
  extraCapacity: string[];
  secondSource: string[];
  plan: boolean;
  freeStock?: boolean;
  threads: string;
  event: string[];
  foresight?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];
const SCOPES = ["site", "lane", "country", "combination", "all"];

export function registerStressCommands(program: Command): void {
  const command = program
    .command("stress")
    .description("time to survive (TTS), time to recover (TTR) and risk exposure index per site, lane and country")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--at <period>", "take stock, capacity and demand at this period (default: with a plan, the period of highest planned output on the first target's measure; see docs/stress.md)")
    .option("--scope <scope>", `which disruptions: ${SCOPES.join(", ")} (comma-separated for several)`, "all")
    .option("--ttr <id=periods>", "override a TTR (site, lane, country or combination id); repeatable", collect, [])
    .option("--combo <spec>", "add a combination: COUNTRY:ROLE (e.g. TW:packaging) or NAME=SITE,SITE; repeatable", collect, [])
    .option("--extra-stock <item@site=qty>", "what-if: extra stock at a stock point; repeatable", collect, [])
    .option("--extra-capacity <resource=qty>", "what-if: extra capacity per period; repeatable", collect, [])
    .option("--second-source <item:from:to[=cap]>", "what-if: an extra lane for an item; repeatable", collect, [])
    .option("--no-plan", "take stock from the scenario's inventory instead of the constrained plan")
    .option("--free-stock", "let a disrupted site's stock ship out (default: it is trapped inside)")
    .option("--threads <n>", "worker threads for the sweep", "1")
    .option("--json", "print the result as one JSON document");
  eventOptions(command).action(async (arg: string, opts: Opts) => {
      const options = parseOptions(opts);
      const threads = integerOption(opts.threads, "--threads", 1, 256);
      const { file, scenario, network: base } = loadNetwork(arg);
      const events = resolveEvents(scenario, opts.event);
      const network = applyEvents(base, events);
      if (opts.at !== undefined) checkPeriod(network, opts.at, "--at");
      const notes: string[] = [];
      if (opts.plan) {
        const planned = events.length === 0 ? await plan(network) : await planWithEvents(base, events, { foresight: foresightOf(scenario, opts.foresight), limitCandidates: 0 });
        if (planned.status === "optimal") options.plan = planned;
        else notes.push(`the plan ended ${planned.status}: stock is the scenario's inventory`);
      }
      let result: StressResult;
      try {
        result = await stressInWorkers(network, options, threads);
      } catch (err) {
        if (err instanceof StressInputError) throw new UserError(err.message);
        throw err;
      }
      if (opts.json) printJson(stressJson(file, result, notes));
      else process.stdout.write(stressText(file, network, result, notes));
      if (result.status !== "ok") {
        process.stderr.write(`waferline: stress test failed: ${result.message}\n`);
        process.exitCode = EXIT.internal;
      }
    });
}

function parseOptions(o: Opts): StressOptions {
  const scope = o.scope.split(",").map((s) => s.trim());
  for (const s of scope) if (!SCOPES.includes(s)) throw new UsageError(`--scope ${s}: expected one of ${SCOPES.join(", ")}`);
  const pair = (flag: string, spec: string) => {
    const i = spec.lastIndexOf("=");
    if (i <= 0) throw new UsageError(`${flag} ${spec}: expected NAME=NUMBER`);
    return [spec.slice(0, i), numberOption(spec.slice(i + 1), flag)] as const;
  };
  const ttr = Object.fromEntries(o.ttr.map((s) => pair("--ttr", s)));
  const mitigations: Mitigation[] = [
    ...o.extraStock.map((s): Mitigation => {
      const [node, qty] = pair("--extra-stock", s);
      const [item, site] = node.split("@");
      if (!item || !site) throw new UsageError(`--extra-stock ${s}: expected ITEM@SITE=QTY`);
      return { kind: "stock", item, site, qty };
    }),
    ...o.extraCapacity.map((s): Mitigation => {
      const [resource, qty] = pair("--extra-capacity", s);
      return { kind: "capacity", resource, qty };
    }),
    ...o.secondSource.map((s): Mitigation => {
      const [route, cap] = s.includes("=") ? pair("--second-source", s) : [s, undefined];
      const [item, from, to, ...rest] = route.split(":");
      if (!item || !from || !to || rest.length > 0) throw new UsageError(`--second-source ${s}: expected ITEM:FROM:TO[=CAPACITY]`);
      return { kind: "lane", item, from, to, capacity: cap };
    }),
  ];
  return { at: o.at, scope: scope as Scope[], ttr, combinations: o.combo, mitigations, trapStock: !o.freeStock };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** JSON has no Infinity: a TTS at the cap is null, with ttsAtLeastCap true. */
const ttsJson = (x: number) => (Number.isFinite(x) ? r6(x) : null);

export function stressJson(file: string, r: StressResult, notes: string[] = []) {
  return {
    scenario: r.scenario,
    file,
    status: r.status,
    ...(r.message ? { message: r.message } : {}),
    period: r.period,
    periodIndex: r.periodIndex,
    periodRule: r.periodRule,
    stockTrapped: r.stockTrapped,
    targetId: r.targetId,
    rateWindowPeriods: r.rateWindowPeriods,
    ttsCapPeriods: r.ttsCapPeriods,
    stockSource: r.stockSource,
    demand: r.demand.map((d) => ({ ...d, ratePerPeriod: r6(d.ratePerPeriod) })),
    nodes: r.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      name: n.name,
      country: n.country,
      ttsPeriods: ttsJson(n.ttsPeriods),
      ttsAtLeastCap: !Number.isFinite(n.ttsPeriods),
      ttrPeriods: n.ttrPeriods,
      ttrSource: n.ttrSource,
      lostValueUsd: r6(n.lostValueUsd),
      lostTargetValueUsd: n.lostTargetValueUsd === null ? null : r6(n.lostTargetValueUsd),
      riskExposureIndex: r6(n.riskExposureIndex),
      flagged: n.flagged,
    })),
    mitigations: r.mitigations.map((m) => ({
      label: m.label,
      mitigation: m.mitigation,
      nodes: m.nodes.map((x) => ({ ...x, ttsBefore: ttsJson(x.ttsBefore), ttsAfter: ttsJson(x.ttsAfter), lostBefore: r6(x.lostBefore), lostAfter: r6(x.lostAfter), indexBefore: r6(x.indexBefore), indexAfter: r6(x.indexAfter) })),
    })),
    reading: r.reading,
    notes,
    solver: r.solver,
  };
}

const num = (x: number) => plain(x, 2);
const index = (x: number) => count(x, { digits: 2 });

export function stressText(file: string, n: Network, r: StressResult, notes: string[] = []): string {
  const why = r.periodRule === "given" ? "given" : r.periodRule;
  const out: string[] = [
    `${bold("Stress test")} ${file}: ${n.title}, at ${r.period} (${why}; stock from the ${r.stockSource === "plan" ? "plan" : "scenario's inventory"}, ${r.stockTrapped ? "trapped at a site that is down" : "free to ship"})`,
    "",
  ];
  if (r.status !== "ok") return `${out.join("\n")}${red(r.reading)}\n`;
  const demand = r.demand.map((d) => `${d.id} ${num(d.ratePerPeriod)}/period (${d.basis})`).join(", ");
  out.push(dim(`Demand held to: ${demand || "none"}${r.stockSource === "plan" ? ` (the plan's mean delivery over ${r.rateWindowPeriods} periods)` : ""}. TTS capped at ${r.ttsCapPeriods} periods.`), "");
  const tts = (x: number) => (Number.isFinite(x) ? num(x) : `>= ${r.ttsCapPeriods}`);
  out.push(
    table(
      ["node", "kind", "country", "TTS", "TTR", "lost deliveries", ...(r.targetId ? [`lost ${r.targetId}`] : []), "index", "flag"],
      r.nodes.map((x) => [
        x.id,
        x.kind,
        x.country ?? "-",
        tts(x.ttsPeriods),
        num(x.ttrPeriods) + (x.ttrSource === "default" ? "*" : ""),
        money(x.lostValueUsd),
        ...(r.targetId ? [money(x.lostTargetValueUsd ?? 0)] : []),
        x.riskExposureIndex.toFixed(2),
        x.flagged ? red("TTR>TTS") : "",
      ]),
    ),
  );
  if (r.nodes.some((x) => x.ttrSource === "default")) out.push(dim("* no TTR in the scenario: default used (override with --ttr ID=PERIODS)"));
  out.push("");
  for (const m of r.mitigations) {
    const moved = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) > 1e-6 : a !== b);
    const changed = m.nodes.filter((x) => moved(x.indexAfter, x.indexBefore) || moved(x.ttsAfter, x.ttsBefore));
    out.push(bold(`What-if: ${m.label}`));
    if (changed.length === 0) out.push(dim("  no node's TTS or index changes"));
    else out.push(table(["node", "TTS before", "TTS after", "index before", "index after"], changed.slice(0, 15).map((x) => [x.id, tts(x.ttsBefore), tts(x.ttsAfter), index(x.indexBefore), index(x.indexAfter)])));
    out.push("");
  }
  for (const note of notes) out.push(yellow(`note: ${note}`));
  out.push(bold(r.reading));
  return `${out.join("\n")}\n`;
}
