// The run report: one self-contained HTML file (inline CSS and SVG, no scripts from anywhere; one small
// inline script for the risk section's date control) that puts the question and the answer first, then
// the evidence, then the assumptions and how to reproduce.
import { count, money, percent, periodSpan } from "../format/index.js";
import type { InvestResult, Limit } from "../plan/index.js";
import { bindsWhenChart, capacityChart, fanChart, frontierChart, NARROW, onshoreShareChart, outputBySiteChart, riskChart, type TornadoBar, tornadoChart, WIDE } from "./charts.js";
import { investSentence, reconciliationParts, stdErrorNote, type TargetCard, targetCardRows } from "./sections.js";

export interface ReportInput {
  runId: string;
  title: string;
  question: string;
  /** One or two sentences that answer the question. */
  answer: string;
  findings: string[];
  kpis: { label: string; value: string; note?: string }[];
  periods: string[];
  fan: { plan: number[]; p10?: number[]; p50?: number[]; p90?: number[]; target?: { valueUsd: number; by: string; description: string } };
  output: { unit: string; bySite: { site: string; values: number[] }[] };
  resources: { name: string; unit: string; capacity: number[]; use: number[] }[];
  bindsWhen: { period: string; resource: string | null; shadowPriceUsd: number }[];
  onshoreShare: number[];
  risk: { id: string; name: string; kind: string; country: string; ttsPeriods: number | null; ttrPeriods: number; lostValueUsd: number; lostTargetValueUsd?: number | null; riskExposureIndex: number; flagged: boolean }[];
  /** The first screen's card on the first target (src/report/sections.ts). */
  targetCard?: TargetCard;
  /** What limits the target and total output, each ranked by what +10% of the resource adds. */
  limits?: { targetId: string | null; target: Limit[]; total: Limit[] };
  /** What it would take (the run's invest stage). */
  invest?: InvestResult;
  /** The final products (each generation its own item) and the periods they are wanted in. */
  products?: { item: string; name: string; unit: string; demand: string; priceUsd: number; from: string | null; to: string | null; unbounded: boolean; counted: boolean }[];
  riskReading?: string;
  /** The risk table at each date the run stress-tested (the primary one is `risk`), for the date control. */
  riskDates?: { period: string; label: string; primary: boolean; reading: string; ttsCapPeriods: number; risk: ReportInput["risk"] }[];
  /** The longest time to survive the stress test looks for; a node that lasts it reads "≥ cap". */
  ttsCapPeriods?: number;
  /** Sensitivity of a KPI to each uncertain parameter, largest swing first. */
  tornado?: { kpi: string; base: number; trialsPerPoint: number; bars: TornadoBar[] };
  sources: { id: string; title: string; url?: string; date?: string; confidence?: string }[];
  reproduce: { seed: number; scenarioName: string; scenarioHash: string; command: string; versions: Record<string, string>; generatedAt: string };
}

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function link(url: string | undefined, text: string): string {
  if (!url) return esc(text);
  const href = /^https?:\/\//.test(url) ? url : `https://${url}`;
  return `<a href="${esc(href)}" rel="noreferrer">${esc(text)}</a>`;
}

/** The report's stylesheet, shared with the comparison report so that the two pages read alike. */
export const PAGE_STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;max-width:920px;margin:2rem auto;padding:0 1rem}a,code,.sub,td b{overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #e2e8f0;padding-bottom:.3rem}
.question{color:#475569;font-size:1.05rem}.answer{background:#f1f5f9;border-left:4px solid #2563eb;padding:.8rem 1rem;font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #e2e8f0;padding:.3rem .5rem;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap;width:1%}td.num .sub{white-space:normal}tr.flag td{background:#fef2f2}.sub{display:block;color:#64748b;font-size:.8rem}
.kpis td:first-child{color:#475569;width:40%}.grid{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
figure{margin:1rem 0}figure svg{display:block;max-width:100%;height:auto}figcaption{color:#64748b;font-size:.85rem}
.narrow,.narrow-only{display:none}
@media (max-width:900px){.wide{display:none}.narrow{display:block}.grid{grid-template-columns:1fr}}
@media (max-width:600px){body{margin:1rem auto}.wide-only{display:none}.narrow-only{display:inline}td,th{padding:.3rem .3rem}}
.muted{color:#64748b;font-size:.85rem}code{background:#f1f5f9;padding:0 .25rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem}.card{border:1px solid #cbd5e1;border-radius:6px;padding:.6rem .8rem;margin:1rem 0}.card table{margin:.4rem 0}
.card-head{font-size:1.05rem}.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85rem;font-weight:600}.badge.ok{background:#dcfce7;color:#166534}.badge.bad{background:#fee2e2;color:#991b1b}
.risk-date select{font:inherit;max-width:100%}.reconcile{margin:.4rem 0 0}.reconcile .part{white-space:nowrap}.reconcile .op{color:#64748b}
`;

/** A chart drawn twice, for a desktop column and for a phone; the stylesheet shows one of them. */
export function figure(draw: (width: number) => string, caption: string, wide = WIDE): string {
  return `<figure class="chart"><div class="wide">${draw(wide)}</div><div class="narrow">${draw(NARROW)}</div>${caption ? `<figcaption>${esc(caption)}</figcaption>` : ""}</figure>`;
}

/** The first screen's card: the target, what the plan makes against it, the chance, and how the measures reconcile. */
function targetCardHtml(c: TargetCard): string {
  const rows = targetCardRows(c)
    .map((x) => `<tr data-key="${x.key}"><td>${esc(x.label)}</td><td class="num"><b>${esc(x.value)}</b></td><td class="muted">${x.note ? esc(x.note) : ""}</td></tr>`)
    .join("");
  const parts = reconciliationParts(c)
    .map((x) => `${x.op ? `<span class="op">${esc(x.op)}</span> ` : ""}<span class="part" data-key="${x.key}">${esc(x.label)} <b>${esc(x.value)}</b></span>`)
    .join(" ");
  return `<section class="card" id="target-card" aria-label="target"><div class="card-head"><span class="muted">target ${esc(c.id)}</span> <b>${esc(c.label)}</b> <span class="badge ${c.met ? "ok" : "bad"}" data-key="met">${c.met ? "met" : "not met"}</span></div>
<table>${rows}</table>
<p class="reconcile"><span class="muted">In ${esc(c.countries.join("+"))} by ${esc(c.by)}:</span> ${parts}</p></section>`;
}

function limitsTable(title: string, list: Limit[], id: string): string {
  if (list.length === 0) return "";
  const rows = list
    .map((l) => `<tr><td><b>${esc(l.resource)}</b><span class="sub">${esc(l.unit)}</span></td><td class="num">${esc(periodSpan(l.from, l.to))}</td><td class="num">${esc(money(l.plusTenPercentUsd))}</td><td class="num wide-only">${esc(money(l.shadowPriceUsd))}</td></tr>`)
    .join("");
  return `<h3>${esc(title)}</h3><table id="${id}"><tr><th>resource</th><th class="num">binds</th><th class="num">+10% capacity adds</th><th class="num wide-only">shadow price</th></tr>${rows}</table>`;
}

/** What it would take: the sentence, the build plan, what blocks it, the frontier (chart and table). */
function investHtml(inv: InvestResult): string {
  const builds = inv.builds.length
    ? `<table id="invest-builds"><tr><th>option</th><th class="wide-only">site</th><th class="num">decide<span class="sub">first output</span></th><th class="num">size</th><th class="num">capital</th></tr>${inv.builds
        .map(
          (b) =>
            `<tr><td><b>${esc(b.option)}</b><span class="sub">${esc(b.name)}<span class="narrow-only"> · ${esc(b.site)}</span>${b.newSite ? " · new site" : ""}</span></td><td class="wide-only">${esc(b.site)} (${esc(b.country)})</td><td class="num">${esc(b.decision)}<span class="sub">${esc(b.firstOutput)}</span></td><td class="num">${esc(count(b.size))}<span class="sub">${esc(b.unit)}</span></td><td class="num">${esc(money(b.capexUsd))}${b.capexLowUsd !== b.capexHighUsd ? `<span class="sub">${esc(money(b.capexLowUsd))}–${esc(money(b.capexHighUsd))}</span>` : ""}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const blocked = inv.blockedBy.length
    ? `<h3>What blocks it</h3><table id="invest-blocked"><tr><th>option</th><th>why</th><th class="num">lifting it adds</th></tr>${inv.blockedBy.map((b) => `<tr><td>${esc(b.option ?? "no option")}</td><td>${esc(b.reason)}</td><td class="num">${esc(money(b.gainUsd))}</td></tr>`).join("")}</table>`
    : "";
  const points = inv.frontier.filter((p) => p.capexUsd !== null);
  const frontier = points.length
    ? figure((w) => frontierChart(inv.frontier, inv.target, w), "Each point is a separate least-capital solve for that target value by the same date.") +
      `<table id="invest-frontier"><tr><th class="num">target value</th><th class="num">of the target</th><th class="num">capital</th><th class="num">per extra $1B</th><th class="num wide-only">builds</th></tr>${inv.frontier
        .map(
          (p) =>
            `<tr><td class="num">${esc(money(p.targetValueUsd))}</td><td class="num">${esc(percent(p.share))}</td><td class="num">${p.capexUsd === null ? esc(p.status) : esc(money(p.capexUsd))}</td><td class="num">${esc(money(p.marginalCapexPerBillionUsd))}</td><td class="num wide-only">${esc(count(p.builds))}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  return `<section id="invest"><h2>What it would take</h2><p id="invest-answer">${esc(investSentence(inv))}</p>${builds}${blocked}${frontier}</section>`;
}

function productsHtml(list: NonNullable<ReportInput["products"]>): string {
  if (list.length === 0) return "";
  const rows = list
    .map(
      (p) =>
        `<tr><td><b>${esc(p.name)}</b><span class="sub">${esc(p.item)}${p.counted ? " · counts for the target" : ""}</span></td><td class="num">${p.from && p.to ? esc(periodSpan(p.from, p.to)) : "none"}</td><td class="num">${esc(money(p.priceUsd))}<span class="sub">per ${esc(p.unit)}</span></td><td class="wide-only">${p.unbounded ? "no limit (every unit made sells)" : "as the scenario states"}</td></tr>`,
    )
    .join("");
  return `<section id="products"><h2>Products and when they are wanted</h2><table><tr><th>product</th><th class="num">wanted</th><th class="num">price</th><th class="wide-only">quantity</th></tr>${rows}</table></section>`;
}

/** The reading and the table of one stress date. */
function riskTable(risk: ReportInput["risk"], reading: string, cap: number | undefined, targetId: string | undefined): string {
  const withLostTarget = risk.some((x) => x.lostTargetValueUsd !== undefined && x.lostTargetValueUsd !== null);
  const lostTargetHead = withLostTarget ? `<th class="num">lost ${esc(targetId ?? "target")}</th>` : "";
  const rows = risk
    .map(
      (x) =>
        `<tr${x.flagged ? ' class="flag"' : ""}><td><b>${esc(x.id)}</b><span class="sub">${esc(x.name)}<span class="narrow-only"> · ${esc(x.kind)}${x.country ? ` · ${esc(x.country)}` : ""}</span></span></td><td class="wide-only">${esc(x.kind)}</td><td class="wide-only">${esc(x.country)}</td><td class="num">${x.ttsPeriods === null ? (cap ? `≥ ${cap}` : "≥ horizon") : count(x.ttsPeriods, { digits: 1 })}</td><td class="num">${count(x.ttrPeriods)}</td><td class="num">${money(x.lostValueUsd)}</td>${withLostTarget ? `<td class="num">${money(x.lostTargetValueUsd)}</td>` : ""}<td class="num">${percent(x.riskExposureIndex)}</td><td class="wide-only">${x.flagged ? "TTR > TTS" : ""}</td></tr>`,
    )
    .join("");
  return `<p>${esc(reading)}</p><table id="risk-table"><tr><th>node</th><th class="wide-only">kind</th><th class="wide-only">country</th><th class="num">TTS<span class="wide-only"> (periods)</span></th><th class="num">TTR<span class="wide-only"> (periods)</span></th><th class="num">lost value</th>${lostTargetHead}<th class="num">risk exposure</th><th class="wide-only">flag</th></tr>${rows}</table>`;
}

/**
 * The risk section. With more than one stress date, a select picks the date: every date's table is
 * rendered here (formatted as everywhere else) into an inert <template>, and a few lines of inline
 * script copy the chosen one in, so the file still works offline and alone.
 */
function riskSection(r: ReportInput): string {
  const targetId = r.targetCard?.id;
  const shown = riskTable(r.risk, r.riskReading ?? "", r.ttsCapPeriods, targetId);
  const dates = r.riskDates ?? [];
  if (dates.length < 2) return `<section id="risk"><h2>Risk: if a node goes down</h2>${shown}</section>`;
  const options = dates.map((d) => `<option value="${esc(d.period)}"${d.primary ? " selected" : ""}>${esc(d.label)}</option>`).join("");
  const templates = dates.map((d) => `<template data-period="${esc(d.period)}">${riskTable(d.risk, d.reading, d.ttsCapPeriods, targetId)}</template>`).join("\n");
  const script = `(function(){var s=document.getElementById("risk-date"),v=document.getElementById("risk-shown");s.addEventListener("change",function(){var t=document.querySelector('template[data-period="'+s.value+'"]');if(t)v.replaceChildren(t.content.cloneNode(true));});})();`;
  return `<section id="risk"><h2>Risk: if a node goes down</h2><p class="risk-date"><label for="risk-date">Stress date</label> <select id="risk-date" autocomplete="off">${options}</select></p><div id="risk-shown">${shown}</div>
${templates}
<script>${script}</script></section>`;
}

export function renderReport(r: ReportInput): string {
  const charts: string[] = [];
  charts.push(
    figure(
      (w) => fanChart({ periods: r.periods, ...r.fan, target: r.fan.target && { valueUsd: r.fan.target.valueUsd, by: r.fan.target.by } }, w),
      r.fan.target ? `Target: ${r.fan.target.description}. The band is the simulation's P10–P90.` : "Cumulative value.",
    ),
  );
  const evidence = [
    r.output.bySite.length ? figure((w) => outputBySiteChart(r.periods, r.output.bySite, r.output.unit, w), "What each site makes per period in the plan.") : "",
    figure((w) => bindsWhenChart(r.periods, r.bindsWhen, w), "The resource with the highest shadow price in each period: one more unit of it would add that much value."),
    `<div class="grid">${r.resources.map((x) => figure((w) => capacityChart(r.periods, x, w), "", 420)).join("")}</div>`,
    figure((w) => onshoreShareChart(r.periods, r.onshoreShare, w), "Value added at onshore sites over all value added, per period."),
    r.risk.length ? figure((w) => riskChart(r.risk, w), r.riskReading ?? "") : "",
    r.tornado?.bars.length
      ? figure(
          (w) => tornadoChart(r.tornado?.bars ?? [], r.tornado?.kpi ?? "", w),
          `Base ${money(r.tornado.base)}; each bar pins one parameter at its 10th or 90th percentile and leaves the rest random (${count(r.tornado.trialsPerPoint)} trials per point, common random numbers${stdErrorNote(r.tornado.bars)}, from the paired trials).`,
        )
      : "",
  ].join("\n");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)} — Waferline run ${esc(r.runId)}</title>
<style>
${PAGE_STYLE}</style></head><body>
<header><div class="muted">Waferline report · run ${esc(r.runId)}</div><h1>${esc(r.title)}</h1>
<p class="question">${esc(r.question)}</p>
<p class="answer" id="answer">${esc(r.answer)}</p>
${r.targetCard ? targetCardHtml(r.targetCard) : ""}
<ul>${r.findings.map((f) => `<li>${esc(f)}</li>`).join("")}</ul></header>
<section><h2>Key figures</h2><table class="kpis">${r.kpis.map((k) => `<tr><td>${esc(k.label)}</td><td><b>${esc(k.value)}</b>${k.note ? ` <span class="muted">${esc(k.note)}</span>` : ""}</td></tr>`).join("")}</table></section>
<section><h2>Against the target</h2>${charts.join("")}${r.limits ? limitsTable(`What limits target ${r.limits.targetId ?? ""}`, r.limits.target, "limits-target") + limitsTable("What limits total output (value less costs)", r.limits.total, "limits-total") : ""}</section>
${r.invest ? investHtml(r.invest) : ""}
${r.products ? productsHtml(r.products) : ""}
<section><h2>The evidence</h2>${evidence}</section>
${r.risk.length ? riskSection(r) : ""}
<section><h2>Assumptions and sources</h2><p class="muted">Every figure in the scenario cites one of these sources or states an assumption in the scenario file.</p>
<ol>${r.sources.map((s) => `<li id="src-${esc(s.id)}"><b>${esc(s.id)}</b> ${link(s.url, s.title)}${s.date ? ` (${esc(s.date)})` : ""}${s.confidence ? ` <span class="muted">confidence: ${esc(s.confidence)}</span>` : ""}</li>`).join("")}</ol></section>
<section><h2>Reproduce</h2><table class="kpis">
<tr><td>command</td><td><code>${esc(r.reproduce.command)}</code></td></tr>
<tr><td>seed</td><td>${r.reproduce.seed}</td></tr>
<tr><td>scenario</td><td>${esc(r.reproduce.scenarioName)} · sha256 <code>${esc(r.reproduce.scenarioHash)}</code></td></tr>
${Object.entries(r.reproduce.versions).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}
<tr><td>generated</td><td>${esc(r.reproduce.generatedAt)}</td></tr></table></section>
</body></html>
`;
}
