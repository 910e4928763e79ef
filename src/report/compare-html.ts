// The comparison report: one self-contained HTML page for `waferline compare`, in the run report's
// style (its stylesheet, its charts drawn to SVG here): the two sides, what differs in the inputs and
// in the answer, then the evidence side by side: the simulations overlaid, output by site, what limits
// each plan and which nodes each stress test ranks riskiest. Pure: plain data in, a string out.
import { count, money, percent, periodSpan } from "../format/index.js";
import type { Limit } from "../plan/index.js";
import { type InputChange, type KpiChange, kpiDiffRows } from "../run/compare.js";
import { overlaidFanChart, outputBySiteChart } from "./charts.js";
import { esc, figure, PAGE_STYLE, type ReportInput } from "./html.js";

export interface CompareReportSide {
  label: string;
  file: string | null;
  /** Simulated delivered value per period; absent where the side was not simulated (or its results are not stored). */
  delivered?: { periods: string[]; p10: number[]; p50: number[]; p90: number[] };
  /** The plan's output of the headline goods by site, over the side's periods; absent without a plan. */
  output?: ReportInput["output"] & { periods: string[] };
  limits?: { targetId: string | null; target: Limit[]; total: Limit[] };
  /** The stress test's nodes, riskiest first. */
  risk?: { id: string; riskExposureIndex: number; lostValueUsd: number }[];
  /** Why a piece above is absent, e.g. "a stored run without its results": said where it would be. */
  missing?: string;
}

export interface CompareReportInput {
  a: CompareReportSide;
  b: CompareReportSide;
  inputs: InputChange[];
  kpis: KpiChange[];
  warnings: string[];
  generatedAt: string;
}

/** How many limits and nodes each side lists: the head of each ranking, as the CLI's tables show. */
const TOP_LIMITS = 5;
const TOP_NODES = 8;

const SIDES = ["a", "b"] as const;

const at = (file: string | null, line: number | null) => (line === null ? "" : `${file ?? ""}:${line}`);
const value = (v: InputChange["a"]) => (v === null ? "–" : String(v));

/** What a side lacks, in a sentence: "b (run …): not simulated." */
function absent(key: string, s: CompareReportSide, what: string): string {
  return `<p class="muted" data-side="${key}">${esc(key)} (${esc(s.label)}): ${esc(what)}${s.missing ? ` (${esc(s.missing)})` : ""}.</p>`;
}

function inputsHtml(r: CompareReportInput): string {
  if (r.inputs.length === 0) return `<p class="muted">Nothing: the same scenario.</p>`;
  const rows = r.inputs
    .map((c) => `<tr><td><code>${esc(c.path)}</code></td><td class="num">${esc(value(c.a))}</td><td class="num">${esc(value(c.b))}</td><td class="wide-only">${esc(at(r.a.file, c.lineA))}</td><td class="wide-only">${esc(at(r.b.file, c.lineB))}</td></tr>`)
    .join("");
  return `<table id="inputs"><tr><th>field</th><th class="num">a</th><th class="num">b</th><th class="wide-only">where in a</th><th class="wide-only">where in b</th></tr>${rows}</table>`;
}

function kpisHtml(kpis: KpiChange[]): string {
  const { rows, unchanged } = kpiDiffRows(kpis);
  const body = rows.map(([key, a, b, delta]) => `<tr><td><code>${esc(key)}</code></td><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td><td class="num"><b>${esc(delta)}</b></td></tr>`).join("");
  const table = rows.length ? `<table id="kpis"><tr><th>kpi</th><th class="num">a</th><th class="num">b</th><th class="num">b − a</th></tr>${body}</table>` : "";
  return `${table}${unchanged > 0 ? `<p class="muted">${count(unchanged)} KPI${unchanged === 1 ? "" : "s"} unchanged.</p>` : ""}`;
}

function fanHtml(r: CompareReportInput): string {
  const drawn = SIDES.filter((k) => r[k].delivered);
  const fans = drawn.map((k) => ({ name: k, ...(r[k].delivered as NonNullable<CompareReportSide["delivered"]>) }));
  const chart = fans.length
    ? figure((w) => overlaidFanChart(fans, "Delivered value per period, simulated: a against b", "USD per period", w), "Each band is that side's P10–P90 over its trials, the line its P50.")
    : "";
  return `<div id="fan">${chart}${SIDES.filter((k) => !r[k].delivered).map((k) => absent(k, r[k], "no simulation to draw")).join("")}</div>`;
}

function outputHtml(r: CompareReportInput): string {
  return SIDES.map((k) => {
    const s = r[k];
    if (!s.output?.bySite.length) return absent(k, s, "no planned output to draw");
    const output = s.output;
    return figure((w) => outputBySiteChart(output.periods, output.bySite, output.unit, w), `${k}: ${s.label}`);
  }).join("");
}

/** Two rankings side by side, row i of each in one table row; a shorter list leaves its cells blank. */
function sideBySide<T>(id: string, r: CompareReportInput, list: (s: CompareReportSide) => T[] | undefined, head: string[], cells: (x: T) => string[]): string {
  const lists = SIDES.map((k) => list(r[k]));
  const n = Math.max(0, ...lists.map((l) => l?.length ?? 0));
  if (n === 0) return `<p class="muted" id="${id}">Neither side has any.</p>`;
  const blank = head.map(() => "<td></td>").join("");
  const rows = Array.from({ length: n }, (_, i) => {
    const half = (k: number) => {
      const x = lists[k]?.[i];
      return x === undefined ? blank : cells(x).map((c, j) => `<td${j === 0 ? "" : ' class="num"'} data-side="${SIDES[k]}">${c}</td>`).join("");
    };
    return `<tr><td class="num">${i + 1}</td>${half(0)}${half(1)}</tr>`;
  }).join("");
  const heads = SIDES.flatMap((k) => head.map((h, j) => `<th${j === 0 ? "" : ' class="num"'}>${esc(k)}: ${esc(h)}</th>`)).join("");
  const notes = SIDES.filter((_, k) => lists[k] === undefined).map((k) => absent(k, r[k], "none to list"));
  return `<table id="${id}"><tr><th class="num">#</th>${heads}</tr>${rows}</table>${notes.join("")}`;
}

function limitCells(l: Limit): string[] {
  return [`<b>${esc(l.resource)}</b><span class="sub">${esc(periodSpan(l.from, l.to))}</span>`, esc(money(l.plusTenPercentUsd))];
}

export function compareReportHtml(r: CompareReportInput): string {
  const side = (k: "a" | "b") => `<li><b>${k}</b> = ${esc(r[k].label)}${r[k].file ? ` <span class="muted">${esc(r[k].file as string)}</span>` : ""}</li>`;
  const targetIds = [...new Set(SIDES.map((k) => r[k].limits?.targetId).filter((x): x is string => !!x))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waferline comparison — ${esc(r.a.label)} against ${esc(r.b.label)}</title>
<style>
${PAGE_STYLE}</style></head><body>
<header><div class="muted">Waferline comparison report</div><h1>${esc(r.a.label)} against ${esc(r.b.label)}</h1>
<ul id="sides">${side("a")}${side("b")}</ul>
${r.warnings.length ? `<ul id="warnings">${r.warnings.map((w) => `<li>warning: ${esc(w)}</li>`).join("")}</ul>` : ""}</header>
<section><h2>What differs in the inputs (${count(r.inputs.length)})</h2>${inputsHtml(r)}</section>
<section><h2>What differs in the answer (b − a)</h2>${kpisHtml(r.kpis)}</section>
<section><h2>Delivered value, simulated</h2>${fanHtml(r)}</section>
<section><h2>Output by site</h2>${outputHtml(r)}</section>
<section id="bottlenecks"><h2>Bottlenecks: what limits each plan</h2>
<p class="muted">Each list ranked by what 10% more of the resource, over the periods it binds, adds (an exact re-solve).</p>
<h3>What limits the target${targetIds.length ? ` (${esc(targetIds.join(", "))})` : ""}</h3>${sideBySide("limits-target", r, (s) => s.limits?.target.slice(0, TOP_LIMITS), ["resource", "+10% adds"], limitCells)}
<h3>What limits total output (value less costs)</h3>${sideBySide("limits-total", r, (s) => s.limits?.total.slice(0, TOP_LIMITS), ["resource", "+10% adds"], limitCells)}</section>
<section id="risk"><h2>Risk: if a node goes down</h2>
<p class="muted">Each side's stress test, riskiest node first: the deliveries lost over its time to recover, and that loss over the worst node's (risk exposure).</p>
${sideBySide("risk-nodes", r, (s) => s.risk?.slice(0, TOP_NODES), ["node", "risk exposure", "lost value"], (n) => [`<b>${esc(n.id)}</b>`, esc(percent(n.riskExposureIndex)), esc(money(n.lostValueUsd))])}</section>
<p class="muted">Generated ${esc(r.generatedAt)}.</p>
</body></html>
`;
}
