// The run report: one self-contained HTML file (inline CSS and SVG, no scripts from anywhere) that
// puts the question and the answer first, then the evidence, then the assumptions and how to reproduce.
import { bindsWhenChart, capacityChart, fanChart, onshoreShareChart, outputBySiteChart, riskChart, type TornadoBar, tornadoChart } from "./charts.js";

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
  risk: { id: string; kind: string; country: string; ttsPeriods: number | null; ttrPeriods: number; lostValueUsd: number; riskExposureIndex: number; flagged: boolean }[];
  riskReading?: string;
  /** Sensitivity of a KPI to each uncertain parameter, largest swing first. */
  tornado?: { kpi: string; base: number; trialsPerPoint: number; bars: TornadoBar[] };
  sources: { id: string; title: string; url?: string; date?: string; confidence?: string }[];
  reproduce: { seed: number; scenarioName: string; scenarioHash: string; command: string; versions: Record<string, string>; generatedAt: string };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
const usd = (v: number) => (Math.abs(v) >= 1e9 ? `$${(v / 1e9).toFixed(1)}B` : Math.abs(v) >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : `$${Math.round(v).toLocaleString("en-US")}`);

function link(url: string | undefined, text: string): string {
  if (!url) return esc(text);
  const href = /^https?:\/\//.test(url) ? url : `https://${url}`;
  return `<a href="${esc(href)}" rel="noreferrer">${esc(text)}</a>`;
}

export function renderReport(r: ReportInput): string {
  const charts: string[] = [];
  const figure = (svg: string, caption: string) => `<figure class="chart">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
  charts.push(
    figure(
      fanChart({ periods: r.periods, ...r.fan, target: r.fan.target && { valueUsd: r.fan.target.valueUsd, by: r.fan.target.by } }),
      r.fan.target ? `Target: ${r.fan.target.description}. The band is the simulation's P10–P90.` : "Cumulative value.",
    ),
  );
  const evidence = [
    r.output.bySite.length ? figure(outputBySiteChart(r.periods, r.output.bySite, r.output.unit), "What each site makes per period in the plan.") : "",
    figure(bindsWhenChart(r.periods, r.bindsWhen), "The resource with the highest shadow price in each period: one more unit of it would add that much value."),
    `<div class="grid">${r.resources.map((x) => figure(capacityChart(r.periods, x), "")).join("")}</div>`,
    figure(onshoreShareChart(r.periods, r.onshoreShare), "Value added at onshore sites over all value added, per period."),
    r.risk.length ? figure(riskChart(r.risk), r.riskReading ?? "") : "",
    r.tornado?.bars.length
      ? figure(
          tornadoChart(r.tornado.bars, r.tornado.kpi),
          `Base ${usd(r.tornado.base)}; each bar pins one parameter at its 10th or 90th percentile and leaves the rest random (${r.tornado.trialsPerPoint.toLocaleString("en-US")} trials per point, common random numbers).`,
        )
      : "",
  ].join("\n");

  const riskRows = r.risk
    .map(
      (x) =>
        `<tr${x.flagged ? ' class="flag"' : ""}><td>${esc(x.id)}</td><td>${esc(x.kind)}</td><td>${esc(x.country)}</td><td>${x.ttsPeriods === null ? "≥ horizon" : x.ttsPeriods.toFixed(1)}</td><td>${x.ttrPeriods}</td><td>${usd(x.lostValueUsd)}</td><td>${x.riskExposureIndex.toFixed(3)}</td><td>${x.flagged ? "TTR > TTS" : ""}</td></tr>`,
    )
    .join("");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)} — Waferline run ${esc(r.runId)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;max-width:920px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #e2e8f0;padding-bottom:.3rem}
.question{color:#475569;font-size:1.05rem}.answer{background:#f1f5f9;border-left:4px solid #2563eb;padding:.8rem 1rem;font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #e2e8f0;padding:.3rem .5rem;text-align:left}
td:nth-child(n+4){font-variant-numeric:tabular-nums}tr.flag td{background:#fef2f2}
.kpis td:first-child{color:#475569;width:40%}.grid{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{color:#64748b;font-size:.85rem}
.muted{color:#64748b;font-size:.85rem}code{background:#f1f5f9;padding:0 .25rem}
</style></head><body>
<header><div class="muted">Waferline report · run ${esc(r.runId)}</div><h1>${esc(r.title)}</h1>
<p class="question">${esc(r.question)}</p>
<p class="answer" id="answer">${esc(r.answer)}</p>
<ul>${r.findings.map((f) => `<li>${esc(f)}</li>`).join("")}</ul></header>
<section><h2>Key figures</h2><table class="kpis">${r.kpis.map((k) => `<tr><td>${esc(k.label)}</td><td><b>${esc(k.value)}</b>${k.note ? ` <span class="muted">${esc(k.note)}</span>` : ""}</td></tr>`).join("")}</table></section>
<section><h2>Against the target</h2>${charts.join("")}</section>
<section><h2>The evidence</h2>${evidence}</section>
${r.risk.length ? `<section><h2>Risk: if a node goes down</h2><p>${esc(r.riskReading ?? "")}</p><table><tr><th>node</th><th>kind</th><th>country</th><th>TTS (periods)</th><th>TTR (periods)</th><th>lost value</th><th>index</th><th>flag</th></tr>${riskRows}</table></section>` : ""}
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
