// Value flowing through the network over the plan's horizon: each lane's shipments priced at the item's
// value, from wafer fabs to racks at the customer, onshore and offshore sites coloured apart.
import { Chart, type ChartOption } from "../Chart";
import { OFFSHORE, ONSHORE, usd } from "../format";
import type { NetworkView, PlanJson } from "../types";

export function FlowView({ plan, network }: { plan: PlanJson | undefined; network: NetworkView | null }) {
  if (!plan || !network) return <div className="empty">No plan in this run yet: run the plan (or all) to see the flow.</div>;
  const sites = new Map(network.sites.map((s) => [s.id, s]));
  const lanes = new Map(network.lanes.map((l) => [l.id, l]));
  const value = new Map(network.items.map((i) => [i.id, i.valueUsd]));
  const totals = new Map<string, number>();
  for (const s of plan.shipments) {
    const lane = lanes.get(s.lane);
    if (!lane || lane.from === lane.to) continue;
    const v = s.quantity.reduce((a, b) => a + b, 0) * (value.get(s.item) ?? 0);
    if (v <= 0) continue;
    const key = `${lane.from}\u0000${lane.to}`;
    totals.set(key, (totals.get(key) ?? 0) + v);
  }
  // ECharts' Sankey needs an acyclic graph: keep the larger direction of any pair and drop back edges.
  const links = acyclic([...totals].map(([k, v]) => ({ source: k.split("\u0000")[0], target: k.split("\u0000")[1], value: v })));
  if (links.length === 0) return <div className="empty">The plan ships nothing between sites.</div>;
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const label = (id: string) => `${sites.get(id)?.name ?? id} (${sites.get(id)?.country ?? "?"})`;
  const option: ChartOption = {
    tooltip: { trigger: "item", valueFormatter: (v: number) => usd(v) },
    series: [
      {
        type: "sankey",
        left: 10,
        right: 180,
        nodeGap: 14,
        emphasis: { focus: "adjacency" },
        data: [...used].map((id) => ({ name: label(id), itemStyle: { color: sites.get(id)?.onshore ? ONSHORE : OFFSHORE } })),
        links: links.map((l) => ({ source: label(l.source), target: label(l.target), value: l.value })),
        lineStyle: { color: "gradient", opacity: 0.35 },
        label: { fontSize: 12 },
      },
    ],
  };
  const total = links.reduce((a, l) => a + l.value, 0);
  return (
    <section className="view" aria-label="Flow">
      <p>
        Value shipped between sites over the horizon, at item value (total {usd(total)}).{" "}
        <span className="legend">
          <span>
            <i style={{ background: ONSHORE }} /> onshore ({network.onshore.join(", ") || "none"})
          </span>
          <span>
            <i style={{ background: OFFSHORE }} /> offshore
          </span>
        </span>
      </p>
      <Chart option={option} height={460} label="flow sankey" />
    </section>
  );
}

function acyclic(links: { source: string; target: string; value: number }[]) {
  const kept: typeof links = [];
  const out = new Map<string, Set<string>>();
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    for (const n of out.get(from) ?? []) if (reaches(n, to, seen)) return true;
    return false;
  };
  for (const l of [...links].sort((a, b) => b.value - a.value)) {
    if (reaches(l.target, l.source)) continue;
    kept.push(l);
    if (!out.has(l.source)) out.set(l.source, new Set());
    out.get(l.source)?.add(l.target);
  }
  return kept;
}
