// Where the plan's value goes, over the months chosen: goods shipped between sites at the scenario's
// item values, and, in the last column, what each customer was delivered at its price. The last
// column adds up to the plan's delivered value over those months; nothing else is summed, so no
// value is counted once per tier. Lanes between the same two sites are merged into one link, and a
// link that would close a loop (a Sankey must be acyclic) is left out and listed.
import { useState } from "react";
import { Chart, type ChartOption } from "../Chart";
import { textWidth, typeFor } from "../chartLayout";
import { money, OFFSHORE, ONSHORE, periodSpan } from "../format";
import type { NetworkView, PlanJson } from "../types";

export interface FlowLink {
  source: string;
  target: string;
  valueUsd: number;
  /** Value by item, for the tooltip and the table. */
  items: Map<string, number>;
  lanes: Set<string>;
}

export interface Flow {
  /** Site id → display name; delivery nodes are "demand:<id>". */
  nodes: Map<string, { label: string; color: string }>;
  links: FlowLink[];
  /** Links left out because they would close a loop. */
  omitted: FlowLink[];
  /** Lanes that carried something in these periods, and the links between two sites they make. */
  lanesUsed: number;
  pairs: number;
  /** What customers were delivered, at their prices: the diagram's total. */
  deliveredUsd: number;
  /** Goods shipped between sites, at item value (every tier: not a total of anything). */
  shippedUsd: number;
}

/** The flow over periods from..to (indexes, inclusive). Pure, so the browser test can check it against the plan. */
export function flowOf(plan: PlanJson, network: NetworkView, from: number, to: number): Flow {
  const sites = new Map(network.sites.map((s) => [s.id, s]));
  const lanes = new Map(network.lanes.map((l) => [l.id, l]));
  const value = new Map(network.items.map((i) => [i.id, i.valueUsd]));
  const sum = (q: number[]) => q.slice(from, to + 1).reduce((a, b) => a + b, 0);
  const byPair = new Map<string, FlowLink>();
  const nodes: Flow["nodes"] = new Map();
  const site = (id: string) => {
    const s = sites.get(id);
    if (!nodes.has(id)) nodes.set(id, { label: s?.name ?? id, color: s?.onshore ? ONSHORE : OFFSHORE });
    return id;
  };
  let shippedUsd = 0;
  const lanesUsed = new Set<string>();
  for (const s of plan.shipments) {
    const lane = lanes.get(s.lane);
    const v = sum(s.quantity) * (value.get(s.item) ?? 0);
    if (!lane || v <= 0) continue;
    lanesUsed.add(s.lane);
    shippedUsd += v;
    if (lane.from === lane.to) continue;
    const key = `${lane.from}\u0000${lane.to}`;
    const link = byPair.get(key) ?? { source: lane.from, target: lane.to, valueUsd: 0, items: new Map(), lanes: new Set() };
    link.valueUsd += v;
    link.items.set(s.item, (link.items.get(s.item) ?? 0) + v);
    link.lanes.add(s.lane);
    byPair.set(key, link);
  }
  const { kept, omitted } = acyclic([...byPair.values()]);
  for (const l of kept) {
    site(l.source);
    site(l.target);
  }
  let deliveredUsd = 0;
  const price = new Map(network.demands.map((d) => [d.id, d]));
  for (const d of plan.deliveries) {
    const demand = price.get(d.demand);
    const v = sum(d.quantity) * (demand?.priceUsd ?? 0);
    if (!demand || v <= 0) continue;
    deliveredUsd += v;
    const id = `demand:${d.demand}`;
    nodes.set(id, { label: `delivered: ${d.demand}`, color: "#16a34a" });
    kept.push({ source: site(demand.site), target: id, valueUsd: v, items: new Map([[demand.item, v]]), lanes: new Set() });
  }
  return { nodes, links: kept, omitted, lanesUsed: lanesUsed.size, pairs: byPair.size, deliveredUsd, shippedUsd };
}

export function FlowView({ plan, network }: { plan: PlanJson | undefined; network: NetworkView | null }) {
  const T = plan?.periods.length ?? 0;
  const [range, setRange] = useState<[number, number] | null>(null);
  if (!plan || !network) return <div className="empty">No plan in this run yet: run the plan (or all) to see the flow.</div>;
  const [from, to] = range && range[1] < T ? range : [0, T - 1];
  const flow = flowOf(plan, network, from, to);
  const periods = plan.periods;
  const choose = (a: number, b: number) => setRange([Math.min(a, b), Math.max(a, b)]);
  const toolbar = (
    <div className="toolbar" data-testid="flow-periods">
      <PeriodSelect label="From" name="from period" periods={periods} value={from} onChange={(i) => choose(i, to)} />
      <PeriodSelect label="to" name="to period" periods={periods} value={to} onChange={(i) => choose(from, i)} />
      <span className="legend">
        <span>
          <i style={{ background: ONSHORE }} /> onshore ({network.onshore.join(", ") || "none"})
        </span>
        <span>
          <i style={{ background: OFFSHORE }} /> offshore
        </span>
      </span>
    </div>
  );
  if (flow.links.length === 0)
    return (
      <section className="view" aria-label="Flow">
        {toolbar}
        <div className="empty">The plan ships and delivers nothing in {periodSpan(periods[from], periods[to])}.</div>
      </section>
    );

  const depth = depths(flow.links);
  const columns = Math.max(...depth.values()) + 1;
  const perColumn = new Map<number, number>();
  for (const d of depth.values()) perColumn.set(d, (perColumn.get(d) ?? 0) + 1);
  const crowded = Math.max(...perColumn.values());
  const option = (width: number): ChartOption => {
    const type = typeFor(width);
    // Labels sit right of their node and are cut to the room before the next column, so none overlaps.
    const lastLabels = [...flow.nodes].filter(([id]) => depth.get(id) === columns - 1).map(([, n]) => textWidth(n.label, type.axis));
    const right = Math.min(Math.round(width * 0.3), Math.ceil(Math.max(0, ...lastLabels)) + 12);
    const step = (width - 8 - right) / Math.max(1, columns - 1);
    const labelWidth = Math.max(40, step - 22);
    return {
      tooltip: {
        trigger: "item",
        formatter: (p: { dataType: string; name: string; data: { source?: string; target?: string; value: number; detail?: string } }) =>
          p.dataType === "edge" ? `${flow.nodes.get(p.data.source ?? "")?.label} → ${flow.nodes.get(p.data.target ?? "")?.label}: ${money(p.data.value)}${p.data.detail ? `<br>${p.data.detail}` : ""}` : `${p.name}`,
      },
      series: [
        {
          type: "sankey",
          left: 8,
          right,
          top: 12,
          bottom: 12,
          nodeWidth: 10,
          nodeGap: 18,
          emphasis: { focus: "adjacency" },
          data: [...flow.nodes].map(([id, n]) => ({
            name: id,
            itemStyle: { color: n.color },
            label: { formatter: n.label, width: depth.get(id) === columns - 1 ? right - 8 : labelWidth },
          })),
          links: flow.links.map((l) => ({
            source: l.source,
            target: l.target,
            value: l.valueUsd,
            detail: [...l.items].map(([item, v]) => `${item} ${money(v)}`).join(", "),
          })),
          lineStyle: { color: "gradient", opacity: 0.35 },
          label: { fontSize: type.axis, overflow: "truncate", color: "#0f172a" },
          // Should two labels still meet (a narrow window mid-resize), one is hidden; its name stays in the tooltip.
          labelLayout: { hideOverlap: true },
        },
      ],
    };
  };
  const rows = [...flow.links].sort((a, b) => b.valueUsd - a.valueUsd);
  const name = (id: string) => flow.nodes.get(id)?.label ?? id;
  return (
    <section className="view" aria-label="Flow">
      {toolbar}
      <p>
        <strong data-testid="flow-total" data-value={flow.deliveredUsd}>
          {money(flow.deliveredUsd)} delivered
        </strong>{" "}
        to customers in {periodSpan(periods[from], periods[to])}, at their prices: the last column, and the plan's delivered value over these months.
        Links between sites carry the goods shipped, at the scenario's item values ({money(flow.shippedUsd)} in all, counted at every tier, so not a
        total of anything). The {flow.lanesUsed} lanes that shipped make {flow.pairs} links: every lane and item from one site to another is one link.
        {flow.omitted.length > 0 && (
          <span data-testid="flow-omitted">
            {" "}
            Left out because they would close a loop, which a Sankey cannot draw:{" "}
            {flow.omitted.map((l) => `${name(l.source)} → ${name(l.target)} (${money(l.valueUsd)})`).join("; ")}.
          </span>
        )}
      </p>
      <Chart option={option} height={Math.max(300, 40 + crowded * 46)} label="flow sankey" />
      <table className="small" data-testid="flow-table">
        <thead>
          <tr>
            <th>from → to</th>
            <th className="wide-only">items</th>
            <th className="num">value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={`${l.source}→${l.target}`}>
              <td>
                {name(l.source)} → {name(l.target)}
              </td>
              <td className="wide-only">{[...l.items.keys()].join(", ")}</td>
              <td className="num">{money(l.valueUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PeriodSelect({ label, name, periods, value, onChange }: { label: string; name: string; periods: string[]; value: number; onChange: (index: number) => void }) {
  return (
    <label>
      {label}{" "}
      <select aria-label={name} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {periods.map((p, i) => (
          <option key={p} value={i}>
            {p}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Keeps the larger links first and leaves out any link that would close a loop. */
function acyclic(links: FlowLink[]): { kept: FlowLink[]; omitted: FlowLink[] } {
  const kept: FlowLink[] = [];
  const omitted: FlowLink[] = [];
  const out = new Map<string, Set<string>>();
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    for (const n of out.get(from) ?? []) if (reaches(n, to, seen)) return true;
    return false;
  };
  for (const l of [...links].sort((a, b) => b.valueUsd - a.valueUsd)) {
    if (reaches(l.target, l.source)) {
      omitted.push(l);
      continue;
    }
    kept.push(l);
    if (!out.has(l.source)) out.set(l.source, new Set());
    out.get(l.source)?.add(l.target);
  }
  return { kept, omitted };
}

/** Column of each node: its longest path from a source (as the Sankey lays it out, sinks aside). */
function depths(links: FlowLink[]): Map<string, number> {
  const depth = new Map<string, number>();
  const nodes = new Set(links.flatMap((l) => [l.source, l.target]));
  for (const n of nodes) depth.set(n, 0);
  for (let pass = 0; pass < nodes.size; pass++) {
    let changed = false;
    for (const l of links) {
      const d = (depth.get(l.source) ?? 0) + 1;
      if (d > (depth.get(l.target) ?? 0)) {
        depth.set(l.target, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // ECharts justifies sinks to the last column.
  const last = Math.max(...depth.values());
  const sources = new Set(links.map((l) => l.source));
  for (const n of nodes) if (!sources.has(n)) depth.set(n, last);
  return depth;
}
