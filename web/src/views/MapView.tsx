// Sites on a Pacific-centred world map (US, Taiwan, Korea and Mexico at once). A circle's area is the
// value the site's capacity could add in the chosen month, in USD (the one unit in which a wafer fab,
// an HBM line and a rack plant compare); sites whose circles would overlap at the map's drawn size are
// merged into one circle with their count, and every circle is labelled where its label fits. Lanes are
// great-circle arcs as wide as the value the plan ships on them that month. During an event the lanes it
// closes are drawn dashed red and the sites it takes down or cuts off are ringed, from the footprints the
// server read off the network it planned with (never worked out again here).
import { geoGraticule10, geoNaturalEarth1, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useEffect, useMemo, useState } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import usUrl from "us-atlas/states-10m.json?url";
import worldUrl from "world-atlas/countries-110m.json?url";
import { textWidth } from "../chartLayout";
import { count, countryColor, money, percent } from "../format";
import type { InvestResult, NetworkView, PlanJson, RunEvents } from "../types";

interface Atlas {
  countries: FeatureCollection;
  states: Feature<Geometry> | null;
}

let atlasPromise: Promise<Atlas> | null = null;
function loadAtlas(): Promise<Atlas> {
  atlasPromise ??= Promise.all([fetch(worldUrl).then((r) => r.json()), fetch(usUrl).then((r) => r.json())]).then(([world, us]: [Topology, Topology]) => ({
    countries: feature(world, world.objects.countries as GeometryCollection) as FeatureCollection,
    states: mesh(us, us.objects.states as GeometryCollection, (a, b) => a !== b) as unknown as Feature<Geometry>,
  }));
  return atlasPromise;
}

const W = 960;
const H = 520;
/** Screen sizes, in CSS px whatever the map's drawn width: text, the largest circle, the widest lane. */
const FONT_PX = 11;
const MAX_R = 20;
const MIN_R = 3.5;
const MAX_LANE = 6;

type Site = NetworkView["sites"][number];
interface Cluster {
  sites: Site[];
  /** Position in screen px. */
  x: number;
  y: number;
  r: number;
  valueUsd: number;
  /** No site in it has a capacity limit (a customer, say). */
  unlimited: boolean;
}
interface Label {
  text: string;
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
}

/** A site the investment plan builds from nothing (an expansion option's `newSite`), where the scenario puts it. */
interface NewSite {
  id: string;
  name: string;
  lat: number;
  lon: number;
  options: string[];
  capexUsd: number;
  firstOutput: string;
}

/**
 * The new sites among the investment plan's builds. Their places are in the scenario's expansion options,
 * not in the network (they join it only for the invest stage), so they are read from the run's scenario
 * text; the YAML reader is loaded only when there is one to place.
 */
const NO_NEW_SITES: NewSite[] = [];
function useNewSites(invest: InvestResult | undefined, scenarioText: string | undefined): NewSite[] {
  const [sites, setSites] = useState<NewSite[]>(NO_NEW_SITES);
  useEffect(() => {
    const builds = invest?.builds.filter((b) => b.newSite) ?? [];
    if (builds.length === 0 || !scenarioText) {
      setSites(NO_NEW_SITES);
      return;
    }
    let live = true;
    import("yaml")
      .then(({ parse }) => {
        const doc = parse(scenarioText) as { expansions?: { id: string; newSite?: { id: string; name: string; lat: number; lon: number } }[] };
        const places = new Map((doc.expansions ?? []).flatMap((e) => (e.newSite ? [[e.newSite.id, e.newSite] as const] : [])));
        const out = new Map<string, NewSite>();
        for (const b of builds) {
          const at = places.get(b.site);
          if (!at) continue;
          const s = out.get(b.site) ?? { id: b.site, name: at.name, lat: at.lat, lon: at.lon, options: [], capexUsd: 0, firstOutput: b.firstOutput };
          s.options.push(b.option);
          s.capexUsd += b.capexUsd;
          if (b.firstOutput < s.firstOutput) s.firstOutput = b.firstOutput;
          out.set(b.site, s);
        }
        if (live) setSites([...out.values()]);
      })
      .catch(() => live && setSites(NO_NEW_SITES));
    return () => {
      live = false;
    };
  }, [invest, scenarioText]);
  return sites;
}

type Stretch = RunEvents["inForce"][number];

/**
 * `events`: the events of a run or a what-if answer; the map opens on the first month one is in force.
 * `tables: false` leaves out the site and resource tables (the map embedded in another view).
 */
export function MapView({ network, plan, invest, scenarioText, events, tables = true }: { network: NetworkView | null; plan?: PlanJson; invest?: InvestResult; scenarioText?: string; events?: RunEvents; tables?: boolean }) {
  const newSites = useNewSites(invest, scenarioText);
  const [atlas, setAtlas] = useState<Atlas | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [month, setMonth] = useState<number | null>(null);
  // The map's drawn width, to keep text, circles and lanes at a fixed size on screen.
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const [pixels, setPixels] = useState(W);

  useEffect(() => {
    loadAtlas().then(setAtlas, (e: Error) => setFailed(e.message));
  }, []);
  useEffect(() => {
    if (!box) return;
    const update = () => setPixels(box.clientWidth || W);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(box);
    return () => observer.disconnect();
  }, [box]);

  const T = network?.periods.length ?? 0;
  const stretches = events?.inForce ?? [];
  const firstEvent = stretches.length ? (network?.periods.indexOf(stretches[0].from) ?? -1) : -1;
  const t = month === null ? (firstEvent >= 0 ? firstEvent : Math.max(0, T - 1)) : Math.min(month, T - 1);

  const { projection, path } = useMemo(() => {
    const p = geoNaturalEarth1().rotate([170, 0]);
    // New sites the investment plan builds are framed too.
    const pts = [...(network?.sites ?? []), ...newSites].map((s) => [s.lon, s.lat] as [number, number]);
    if (pts.length) {
      // Fit to the sites with a margin of a few degrees so that the coasts around them show.
      const frame = pts.flatMap(([lon, lat]) => [[lon - 8, lat - 6], [lon + 8, lat + 6]] as [number, number][]);
      p.fitExtent([[10, 10], [W - 10, H - 10]], { type: "MultiPoint", coordinates: frame });
    } else p.fitSize([W, H], { type: "Sphere" });
    return { projection: p, path: geoPath(p) };
  }, [network, newSites]);

  if (!network) return <div className="empty">Loading the network…</div>;
  if (failed) return <div className="error">The map could not load its atlas: {failed}</div>;

  /** SVG units per screen pixel. */
  const k = W / pixels;
  const vmax = Math.max(1, ...network.sites.flatMap((s) => s.capacityValueUsd ?? [0]));
  const radius = (v: number) => (v > 0 ? Math.max(MIN_R, MAX_R * Math.sqrt(v / vmax)) : MIN_R);
  const { clusters, labels } = layoutSites(
    network.sites,
    (s) => {
      const xy = projection([s.lon, s.lat]) ?? [0, 0];
      return [xy[0] / k, xy[1] / k];
    },
    t,
    radius,
    W / k,
    H / k,
  );

  // Value shipped per lane this month, at item value.
  const itemValue = new Map(network.items.map((i) => [i.id, i.valueUsd]));
  const laneValue = new Map<string, number[]>();
  for (const s of plan?.shipments ?? []) {
    const row = laneValue.get(s.lane) ?? new Array<number>(T).fill(0);
    s.quantity.forEach((q, i) => (row[i] += q * (itemValue.get(s.item) ?? 0)));
    laneValue.set(s.lane, row);
  }
  const flowMax = Math.max(1, ...[...laneValue.values()].flat());
  const siteById = new Map(network.sites.map((s) => [s.id, s]));
  const countries = [...new Set(network.sites.map((s) => s.country))].sort();
  const u = (px: number) => px * k;
  // The events in force this month (period labels sort as they run).
  const month_ = network.periods[t];
  const now: Stretch | undefined = stretches.find((s) => s.from <= month_ && month_ <= s.to);
  const closed = new Set(now?.lanesClosed ?? []);
  const restricted = new Map((now?.lanesRestricted ?? []).map((r) => [r.lane, r.items]));
  const down = new Map((now?.sitesDown ?? []).map((d) => [d.site, d.share]));
  const cutOff = new Set(now?.sitesCutOff ?? []);
  const hit = network.sites.filter((s) => down.has(s.id) || cutOff.has(s.id));

  return (
    <section className="view" aria-label="Map">
      <div className="toolbar">
        <label className="month">
          Month <strong data-testid="map-month">{network.periods[t]}</strong>
          <input type="range" min={0} max={Math.max(0, T - 1)} value={t} onChange={(e) => setMonth(Number(e.target.value))} aria-label="month" />
        </label>
        <span className="legend">
          {countries.map((c) => (
            <span key={c}>
              <i style={{ background: countryColor(c) }} /> {c}
            </span>
          ))}
        </span>
      </div>
      <p className="muted">
        Circle area: the value a site's capacity could add in {network.periods[t]} (largest {money(vmax)} a month); a number in a circle counts
        the sites merged where their circles would overlap. {plan ? "Line width: the value the plan ships on a lane that month." : "Run the plan to see flows on the lanes."}
      </p>
      <div ref={setBox}>
        <svg className="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="network map" data-scale={k}>
          <path d={path({ type: "Sphere" }) ?? ""} className="sphere" />
          <path d={path(geoGraticule10()) ?? ""} className="graticule" />
          {atlas?.countries.features.map((f, i) => <path key={i} d={path(f) ?? ""} className="land" />)}
          {atlas?.states && <path d={path(atlas.states) ?? ""} className="states" />}
          {network.lanes.map((l) => {
            const a = siteById.get(l.from);
            const b = siteById.get(l.to);
            if (!a || !b) return null;
            const d = path({ type: "LineString", coordinates: [[a.lon, a.lat], [b.lon, b.lat]] });
            const flow = laneValue.get(l.id)?.[t] ?? 0;
            const width = flow > 0 ? 0.8 + (MAX_LANE - 0.8) * Math.sqrt(flow / flowMax) : 0.8;
            const shut = closed.has(l.id);
            const banned = restricted.get(l.id);
            const state = shut ? "closed" : banned ? "restricted" : null;
            return (
              <path
                key={l.id}
                d={d ?? ""}
                className={state ? `lane ${state}` : flow > 0 ? "lane" : "lane idle"}
                strokeWidth={u(state ? Math.max(width, 2) : width)}
                strokeDasharray={state ? `${u(6)} ${u(4)}` : undefined}
                data-lane={l.id}
                data-state={state ?? undefined}
              >
                <title>{`${l.id}: ${a.name} → ${b.name} (${l.items.join(", ")}; ${l.transit} period transit${l.capacity !== null ? `; capacity ${count(l.capacity)}` : ""})${plan ? `: ${money(flow)} shipped in ${network.periods[t]}` : ""}${shut ? ` · closed by ${now?.events.join(", ")}` : banned ? ` · closed for ${banned.join(", ")} by ${now?.events.join(", ")}` : ""}`}</title>
              </path>
            );
          })}
          {clusters.map((c, i) => {
            const color = countryColor(majority(c.sites.map((s) => s.country)));
            return (
              <g key={c.sites.map((s) => s.id).join(",")} transform={`translate(${u(c.x)},${u(c.y)})`} className="site" data-sites={c.sites.length}>
                <circle r={u(c.r)} fill={c.unlimited ? "white" : color} stroke={color} fillOpacity={c.unlimited ? 1 : c.valueUsd > 0 ? 0.75 : 0.15} strokeWidth={u(1.5)} />
                {c.sites.length > 1 && c.r >= 7 && (
                  <text className="count" textAnchor="middle" dominantBaseline="central" fontSize={u(FONT_PX)}>
                    {c.sites.length}
                  </text>
                )}
                <title>{c.sites.map((s) => `${s.name} (${s.operator}, ${s.country}${s.role ? `, ${s.role}` : ""}): ${s.capacityValueUsd ? `${money(s.capacityValueUsd[t])} of value a month at full capacity` : "no capacity limit"}`).join("\n")}</title>
                {labels[i] && (
                  <text className="site-label" x={u(labels[i].x - c.x)} y={u(labels[i].y - c.y)} textAnchor={labels[i].anchor} dominantBaseline="central" fontSize={u(FONT_PX)}>
                    {labels[i].text}
                  </text>
                )}
              </g>
            );
          })}
          {newSites.map((n) => {
            const xy = projection([n.lon, n.lat]);
            if (!xy) return null;
            return (
              <g key={n.id} className="new-site" transform={`translate(${xy[0]},${xy[1]})`} data-site={n.id}>
                <circle r={u(MAX_R * 0.6)} className="new-site-ring" strokeWidth={u(2)} strokeDasharray={`${u(4)} ${u(3)}`} />
                <path d={`M${-u(5)},0H${u(5)}M0,${-u(5)}V${u(5)}`} className="new-site-plus" strokeWidth={u(2)} />
                <title>{`${n.name} (new site, ${n.options.join(", ")}): ${money(n.capexUsd)} of capital, first output ${n.firstOutput}`}</title>
              </g>
            );
          })}
          {hit.map((s) => {
            const xy = projection([s.lon, s.lat]);
            if (!xy) return null;
            const share = down.get(s.id);
            return (
              <g key={s.id} className={share !== undefined ? "site-down" : "site-cut-off"} transform={`translate(${xy[0]},${xy[1]})`} data-site={s.id}>
                <circle r={u(7)} strokeWidth={u(2)} />
                {share !== undefined && <path d={`M${-u(4)},${-u(4)}L${u(4)},${u(4)}M${-u(4)},${u(4)}L${u(4)},${-u(4)}`} strokeWidth={u(2)} />}
                <title>{`${s.name}: ${share !== undefined ? `${percent(share)} of its capacity lost` : ""}${share !== undefined && cutOff.has(s.id) ? "; " : ""}${cutOff.has(s.id) ? "cut off (every lane in or out closed)" : ""} in ${month_}`}</title>
              </g>
            );
          })}
        </svg>
      </div>
      {events && events.applied.length > 0 && <EventLegend events={events} now={now} month={month_} hit={hit} down={down} cutOff={cutOff} onMonth={(p) => setMonth(network.periods.indexOf(p))} />}
      {newSites.length > 0 && (
        <table className="small" data-testid="map-new-sites">
          <thead>
            <tr>
              <th>new site the investment plan builds (dashed ring)</th>
              <th className="num">first output</th>
              <th className="num">capital</th>
            </tr>
          </thead>
          <tbody>
            {newSites.map((n) => (
              <tr key={n.id}>
                <td>
                  {n.name}
                  <span className="sub">
                    {n.id} · {n.options.join(", ")}
                  </span>
                </td>
                <td className="num">{n.firstOutput}</td>
                <td className="num">{money(n.capexUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tables && (
        <>
          <table className="small" data-testid="map-sites">
            <thead>
              <tr>
                <th>site</th>
                <th>country</th>
                <th className="num">capacity value, {network.periods[t]}</th>
              </tr>
            </thead>
            <tbody>
              {network.sites.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name}
                    <span className="sub">{s.id}</span>
                  </td>
                  <td>{s.country}</td>
                  <td className="num">{s.capacityValueUsd ? money(s.capacityValueUsd[t]) : "no limit"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Resources</h3>
          <table className="small">
            <thead>
              <tr>
                <th>resource (site)</th>
                <th className="num">capacity in {network.periods[t]}</th>
              </tr>
            </thead>
            <tbody>
              {network.resources.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    <span className="sub">{siteById.get(r.site)?.name ?? r.site}</span>
                  </td>
                  <td className="num">
                    {count(r.capacity[t], { digits: 0 })} <span className="unit">{r.unit}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/**
 * What the events do in the month shown: a legend with counts, the sites hit with the share of capacity
 * they lose, the lanes closed; and, in a month with none in force, the stretches that have one.
 */
function EventLegend({ events, now, month, hit, down, cutOff, onMonth }: { events: RunEvents; now: Stretch | undefined; month: string; hit: Site[]; down: Map<string, number>; cutOff: Set<string>; onMonth: (period: string) => void }) {
  return (
    <div className="map-events" data-testid="map-events" data-month={month} data-lanes-closed={(now?.lanesClosed ?? []).join(" ")} data-sites-down={(now?.sitesDown ?? []).map((d) => d.site).join(" ")} data-sites-cut-off={(now?.sitesCutOff ?? []).join(" ")}>
      {now ? (
        <p>
          <b>In force in {month}</b> ({now.from === now.to ? now.from : `${now.from} to ${now.to}`}): {now.events.join(", ")}
        </p>
      ) : (
        <p className="muted">No event in force in {month}.</p>
      )}
      <span className="legend">
        <span data-testid="legend-lanes-closed">
          <svg width="24" height="8" aria-hidden="true">
            <path d="M1,4H23" className="key-lane closed" />
          </svg>{" "}
          lane closed ({now?.lanesClosed.length ?? 0})
        </span>
        <span data-testid="legend-lanes-restricted">
          <svg width="24" height="8" aria-hidden="true">
            <path d="M1,4H23" className="key-lane restricted" />
          </svg>{" "}
          closed for some items ({now?.lanesRestricted.length ?? 0})
        </span>
        <span data-testid="legend-sites-down">
          <i className="key-site down" /> site losing capacity ({now?.sitesDown.length ?? 0})
        </span>
        <span data-testid="legend-sites-cut-off">
          <i className="key-site cut-off" /> site cut off ({now?.sitesCutOff.length ?? 0})
        </span>
      </span>
      <div className="stretches">
        Events in force:{" "}
        {events.inForce.map((s) => (
          <button key={s.from} type="button" className={s === now ? "link on" : "link"} onClick={() => onMonth(s.from)} data-from={s.from}>
            {s.from === s.to ? s.from : `${s.from}–${s.to}`} ({s.events.join(", ")})
          </button>
        ))}
      </div>
      {hit.length > 0 && (
        <table className="small" data-testid="map-event-sites">
          <thead>
            <tr>
              <th>site hit in {month}</th>
              <th className="num">capacity lost</th>
              <th>lanes</th>
            </tr>
          </thead>
          <tbody>
            {hit.map((s) => (
              <tr key={s.id} data-site={s.id}>
                <td>
                  {s.name}
                  <span className="sub">
                    {s.id} · {s.country}
                  </span>
                </td>
                <td className="num">{down.has(s.id) ? percent(down.get(s.id) as number) : "–"}</td>
                <td>{cutOff.has(s.id) ? "cut off" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {now && now.lanesClosed.length + now.lanesRestricted.length > 0 && (
        <p className="muted small-text" data-testid="map-event-lanes">
          Closed: {now.lanesClosed.join(", ") || "none"}
          {now.lanesRestricted.length > 0 && ` · closed for some items: ${now.lanesRestricted.map((r) => `${r.lane} (${r.items.join(", ")})`).join(", ")}`}
        </p>
      )}
    </div>
  );
}

/**
 * Sites whose circles would overlap on screen merge, over and over, into one circle of their summed
 * value; then a circle whose label fits nowhere merges with its nearest neighbour, until every circle
 * has a label (or none is near enough to merge with).
 */
function layoutSites(sites: Site[], at: (s: Site) => [number, number], t: number, radius: (v: number) => number, width: number, height: number): { clusters: Cluster[]; labels: (Label | null)[] } {
  const merge = (a: Cluster, b: Cluster): Cluster => {
    const members = [...a.sites, ...b.sites];
    const points = members.map(at);
    const valueUsd = a.valueUsd + b.valueUsd;
    const unlimited = a.unlimited && b.unlimited;
    return {
      sites: members,
      x: points.reduce((s, p) => s + p[0], 0) / points.length,
      y: points.reduce((s, p) => s + p[1], 0) / points.length,
      r: Math.max(unlimited ? MIN_R + 1 : radius(valueUsd), 8),
      valueUsd,
      unlimited,
    };
  };
  const mergeOverlapping = (list: Cluster[]): Cluster[] => {
    let out = list;
    for (let merged = true; merged; ) {
      merged = false;
      outer: for (let i = 0; i < out.length; i++) {
        for (let j = i + 1; j < out.length; j++) {
          if (Math.hypot(out[i].x - out[j].x, out[i].y - out[j].y) < out[i].r + out[j].r + 2) {
            out = [...out.slice(0, i), merge(out[i], out[j]), ...out.slice(i + 1, j), ...out.slice(j + 1)];
            merged = true;
            break outer;
          }
        }
      }
    }
    return out;
  };
  let clusters = mergeOverlapping(
    sites.map((s) => {
      const [x, y] = at(s);
      const v = s.capacityValueUsd?.[t] ?? 0;
      return { sites: [s], x, y, r: s.capacityValueUsd ? radius(v) : MIN_R + 1, valueUsd: v, unlimited: s.capacityValueUsd === null };
    }),
  );
  let labels = placeLabels(clusters, width, height);
  for (let i = labels.indexOf(null); i >= 0; i = labels.indexOf(null)) {
    const c = clusters[i];
    let nearest = -1;
    let best = 60; // px: farther apart, a circle stays on its own without a label
    clusters.forEach((o, j) => {
      const d = Math.hypot(o.x - c.x, o.y - c.y);
      if (j !== i && d < best) {
        best = d;
        nearest = j;
      }
    });
    if (nearest < 0) break;
    const rest = clusters.filter((_, j) => j !== i && j !== nearest);
    clusters = mergeOverlapping([...rest, merge(c, clusters[nearest])]);
    labels = placeLabels(clusters, width, height);
  }
  return { clusters, labels };
}

/** A label for each cluster where it overlaps no other label or circle and stays on the map; largest first. */
function placeLabels(clusters: Cluster[], width: number, height: number): (Label | null)[] {
  const h = FONT_PX * 1.3;
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = clusters.map((c) => ({ x0: c.x - c.r, y0: c.y - c.r, x1: c.x + c.r, y1: c.y + c.r }));
  const out: (Label | null)[] = clusters.map(() => null);
  const order = clusters.map((_, i) => i).sort((a, b) => clusters[b].valueUsd - clusters[a].valueUsd);
  for (const i of order) {
    const c = clusters[i];
    const text = c.sites.length > 1 ? `${c.sites.length} sites · ${[...new Set(c.sites.map((s) => s.country))].join("/")}` : short(c.sites[0].name);
    const w = textWidth(text, FONT_PX);
    const gap = c.r + 3;
    const candidates: Label[] = [
      { text, x: c.x + gap, y: c.y, anchor: "start" },
      { text, x: c.x - gap, y: c.y, anchor: "end" },
      { text, x: c.x, y: c.y - gap - h / 2, anchor: "middle" },
      { text, x: c.x, y: c.y + gap + h / 2, anchor: "middle" },
      { text, x: c.x + gap * 0.7, y: c.y - gap * 0.7 - h / 2, anchor: "start" },
      { text, x: c.x - gap * 0.7, y: c.y + gap * 0.7 + h / 2, anchor: "end" },
      { text, x: c.x + gap * 0.7, y: c.y + gap * 0.7 + h / 2, anchor: "start" },
      { text, x: c.x - gap * 0.7, y: c.y - gap * 0.7 - h / 2, anchor: "end" },
    ];
    for (const l of candidates) {
      const x0 = l.anchor === "start" ? l.x : l.anchor === "end" ? l.x - w : l.x - w / 2;
      const b = { x0, y0: l.y - h / 2, x1: x0 + w, y1: l.y + h / 2 };
      if (b.x0 < 2 || b.y0 < 2 || b.x1 > width - 2 || b.y1 > height - 2) continue;
      if (boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1)) continue;
      boxes.push(b);
      out[i] = l;
      break;
    }
  }
  return out;
}

/** A site name short enough for a map label: up to the first comma or parenthesis, at most 24 characters. */
function short(name: string): string {
  const head = name.split(/[,(]/)[0].trim();
  return head.length <= 24 ? head : `${head.slice(0, 23)}…`;
}

function majority(values: string[]): string {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}
