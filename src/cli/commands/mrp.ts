// mrp: the unconstrained requirements explosion and capacity load, for a person or as one JSON document.
import type { Command } from "commander";
import type { Network } from "../../model/index.js";
import { type MrpResult, mrp } from "../../plan/mrp.js";
import { count } from "../../format/index.js";
import { bold, dim, printJson, red, table, yellow } from "../output.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

export function registerMrpCommands(program: Command): void {
  program
    .command("mrp")
    .description("unconstrained requirements explosion: planned releases per operation, capacity load and overloads")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--json", "print the result as one JSON document")
    .action((arg: string, opts: { json?: boolean }) => {
      const { file, network } = loadNetwork(arg);
      const result = mrp(network);
      if (opts.json) printJson(mrpJson(file, network, result));
      else process.stdout.write(mrpText(file, network, result));
    });
}

/** Quantities rounded to 1e-6 for reading; the core keeps full precision. */
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const rows = (a: Float64Array, i: number, T: number) => Array.from(a.subarray(i * T, (i + 1) * T), r6);
const label = (n: Network, t: number) => (t >= 0 ? n.periods[t] : `${n.periods[0]}${t}`);

export function mrpJson(file: string, n: Network, r: MrpResult) {
  const T = n.T;
  const nodeName = (node: number) => ({ item: n.items[n.nodeItem[node]].id, site: n.sites[n.nodeSite[node]].id });
  return {
    scenario: n.name,
    file,
    periods: n.periods,
    releases: n.operations.map((op, o) => {
      const quantities = rows(r.releases, o, T);
      const pastDue = r.pastDue.filter((p) => p.kind === "operation" && p.index === o).map((p) => ({ period: p.period, qty: r6(p.qty) }));
      return { operation: op.id, site: n.sites[op.site].id, item: n.items[n.nodeItem[n.opOutNode[o]]].id, total: r6(r.releases.subarray(o * T, (o + 1) * T).reduce((a, b) => a + b, 0)), quantities, pastDue };
    }),
    shipments: Array.from(n.arcLane, (lane, a) => ({ lane: n.lanes[lane].id, item: n.items[n.nodeItem[n.arcFrom[a]]].id, quantities: rows(r.shipments, a, T) })),
    resources: n.resources.map((res, i) => ({ resource: res.id, site: n.sites[res.site].id, unit: res.unit, load: rows(r.load, i, T), capacity: rows(r.capacity, i, T) })),
    nodes: Array.from(n.nodeItem, (_, node) => ({
      ...nodeName(node),
      lowLevelCode: r.lowLevelCode[node],
      gross: rows(r.gross, node, T),
      net: rows(r.net, node, T),
      onHand: rows(r.onHand, node, T),
    })),
    // JSON has no Infinity: a ratio over zero capacity is null.
    overloads: r.overloads.map((o) => ({
      kind: o.kind,
      [o.kind]: o.id,
      period: n.periods[o.period],
      periodIndex: o.period,
      load: r6(o.load),
      capacity: r6(o.capacity),
      ratio: Number.isFinite(o.ratio) ? r6(o.ratio) : null,
    })),
    pastDue: r.pastDue.map((p) => ({ kind: p.kind, [p.kind]: p.id, item: p.item, period: p.period, qty: r6(p.qty) })),
    unsupplied: r.unsupplied.map((u) => ({ item: u.item, site: u.site, period: u.period, label: label(n, u.period), qty: r6(u.qty), reason: u.reason })),
    unboundedDemands: r.unboundedDemands,
    ignoredLanes: r.ignoredArcs.map((a) => n.lanes[n.arcLane[a]].id),
  };
}

const fmt = (x: number) => (x === 0 ? "-" : count(x, { digits: x >= 100 ? 0 : 1 }));

export function mrpText(file: string, n: Network, r: MrpResult): string {
  const T = n.T;
  const out: string[] = [`${bold("MRP")} ${file}: ${n.title} (${n.periods[0]} .. ${n.periods[T - 1]}, unconstrained, lot-for-lot)`, ""];
  // Unbounded demand asks for every unit the network can make: nothing finite to explode, so a table
  // of zeros would say nothing. One line says why instead.
  if (r.unboundedDemands.length > 0 && r.releases.every((x) => x === 0) && r.pastDue.length === 0 && r.unsupplied.length === 0) {
    const which = r.unboundedDemands.join(", ");
    out.push(`Nothing to explode: demand ${which} ${r.unboundedDemands.length === 1 ? "is" : "are"} unbounded (as much as the network can make), so there is no finite requirement. \`waferline plan\` shows what capacity allows; a \`schedule\` on the demand gives MRP quantities to explode.`);
    return `${out.join("\n")}\n`;
  }

  // Releases per operation: per period when the horizon is short, else by year (labels start with the year).
  const perPeriod = T <= 12;
  const columns = perPeriod ? n.periods : [...new Set(n.periods.map((p) => p.slice(0, 4)))];
  const pastDueOf = (o: number) => r.pastDue.filter((p) => p.kind === "operation" && p.index === o).reduce((s, p) => s + p.qty, 0);
  const releaseRows = n.operations.map((op, o) => {
    const sums = columns.map((c, i) => (perPeriod ? r.releases[o * T + i] : n.periods.reduce((s, p, t) => (p.startsWith(c) ? s + r.releases[o * T + t] : s), 0)));
    return [op.id, n.sites[op.site].id, fmt(pastDueOf(o)), ...sums.map(fmt)];
  });
  out.push(bold(`Planned order releases (starts${perPeriod ? "" : " per year"})`), table(["operation", "site", "past due", ...columns], releaseRows), "");

  // Overloaded resources, worst period each, ranked by that ratio.
  const worst = new Map<string, { id: string; kind: string; period: number; load: number; capacity: number; ratio: number; count: number }>();
  for (const o of r.overloads) {
    const key = `${o.kind}:${o.id}`;
    const w = worst.get(key);
    if (w) w.count++;
    else worst.set(key, { ...o, count: 1 });
  }
  if (worst.size === 0) out.push(`${bold("Capacity")}: no resource or lane is loaded above its capacity.`, "");
  else {
    const ranked = [...worst.values()];
    out.push(
      bold(`Overloads (${ranked.length} resource${ranked.length === 1 ? "" : "s"}/lanes, worst period each)`),
      table(
        ["resource", "kind", "worst period", "load", "capacity", "load/cap", "periods over"],
        ranked.slice(0, 15).map((w) => [w.id, w.kind, n.periods[w.period], fmt(w.load), fmt(w.capacity), Number.isFinite(w.ratio) ? `${count(w.ratio, { digits: 2 })}x` : red("no capacity"), w.count]),
      ),
      ranked.length > 15 ? dim(`... and ${ranked.length - 15} more (--json for all)`) : "",
      "",
    );
  }

  if (r.pastDue.length > 0) {
    out.push(
      yellow(bold("Past due (should have started before the horizon)")),
      table(["kind", "operation/lane", "item", "when", "qty"], r.pastDue.map((p) => [p.kind, p.id, p.item, `${-p.period} period${p.period === -1 ? "" : "s"} before ${n.periods[0]}`, fmt(p.qty)])),
      "",
    );
  }
  if (r.unsupplied.length > 0) {
    const total = new Map<string, number>();
    for (const u of r.unsupplied) total.set(`${u.item}@${u.site} (${u.reason})`, (total.get(`${u.item}@${u.site} (${u.reason})`) ?? 0) + u.qty);
    out.push(red(bold("Unsupplied requirements")), table(["stock point", "qty"], [...total].map(([k, q]) => [k, fmt(q)])), "");
  }
  if (r.unboundedDemands.length > 0) out.push(dim(`Unbounded demand left out (no finite requirement): ${r.unboundedDemands.join(", ")}`));
  if (r.ignoredArcs.length > 0) out.push(dim(`Lanes ignored because they close a loop: ${r.ignoredArcs.map((a) => n.lanes[n.arcLane[a]].id).join(", ")}`));
  return `${out.join("\n").trimEnd()}\n`;
}
