// Sites on a Pacific-centred world map (US, Taiwan, Korea and Mexico at once), sized by the capacity
// they have in the chosen month, coloured by country; lanes as great-circle arcs.
import { geoGraticule10, geoNaturalEarth1, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { useEffect, useMemo, useState } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import usUrl from "us-atlas/states-10m.json?url";
import worldUrl from "world-atlas/countries-110m.json?url";
import { countryColor } from "../format";
import type { NetworkView } from "../types";

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

export function MapView({ network }: { network: NetworkView | null }) {
  const [atlas, setAtlas] = useState<Atlas | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [month, setMonth] = useState<number | null>(null);

  useEffect(() => {
    loadAtlas().then(setAtlas, (e: Error) => setFailed(e.message));
  }, []);

  const T = network?.periods.length ?? 0;
  const t = month === null ? Math.max(0, T - 1) : Math.min(month, T - 1);

  const { projection, path } = useMemo(() => {
    const p = geoNaturalEarth1().rotate([170, 0]);
    const pts = network?.sites.map((s) => [s.lon, s.lat] as [number, number]) ?? [];
    if (pts.length) {
      // Fit to the sites with a margin of a few degrees so that the coasts around them show.
      const frame = pts.flatMap(([lon, lat]) => [[lon - 8, lat - 6], [lon + 8, lat + 6]] as [number, number][]);
      p.fitExtent([[10, 10], [W - 10, H - 10]], { type: "MultiPoint", coordinates: frame });
    } else p.fitSize([W, H], { type: "Sphere" });
    return { projection: p, path: geoPath(p) };
  }, [network]);

  if (!network) return <div className="empty">Loading the network…</div>;
  if (failed) return <div className="error">The map could not load its atlas: {failed}</div>;

  // A site's size: how much of its resources' peak capacity it has this month (0 before a plant ramps).
  const siteSize = new Map<string, number>();
  for (const r of network.resources) {
    const peak = Math.max(...r.capacity);
    if (peak > 0) siteSize.set(r.site, (siteSize.get(r.site) ?? 0) + r.capacity[t] / peak);
  }
  const siteById = new Map(network.sites.map((s) => [s.id, s]));
  const countries = [...new Set(network.sites.map((s) => s.country))].sort();

  return (
    <section className="view" aria-label="Map">
      <div className="toolbar">
        <label>
          Month <strong data-testid="map-month">{network.periods[t]}</strong>
          <input type="range" min={0} max={Math.max(0, T - 1)} value={t} onChange={(e) => setMonth(Number(e.target.value))} aria-label="month" />
        </label>
        <span className="legend">
          {countries.map((c) => (
            <span key={c}>
              <i style={{ background: countryColor(c) }} /> {c}
            </span>
          ))}
          <span className="muted">circle area: share of peak capacity available this month</span>
        </span>
      </div>
      <svg className="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="network map">
        <path d={path({ type: "Sphere" }) ?? ""} className="sphere" />
        <path d={path(geoGraticule10()) ?? ""} className="graticule" />
        {atlas?.countries.features.map((f, i) => <path key={i} d={path(f) ?? ""} className="land" />)}
        {atlas?.states && <path d={path(atlas.states) ?? ""} className="states" />}
        {network.lanes.map((l) => {
          const a = siteById.get(l.from);
          const b = siteById.get(l.to);
          if (!a || !b) return null;
          const d = path({ type: "LineString", coordinates: [[a.lon, a.lat], [b.lon, b.lat]] });
          return (
            <path key={l.id} d={d ?? ""} className="lane">
              <title>{`${l.id}: ${a.name} → ${b.name} (${l.items.join(", ")}; ${l.transit} period transit${l.capacity !== null ? `; capacity ${l.capacity}` : ""})`}</title>
            </path>
          );
        })}
        {network.sites.map((s) => {
          const xy = projection([s.lon, s.lat]);
          if (!xy) return null;
          const size = siteSize.get(s.id);
          const r = size === undefined ? 4 : 3 + 7 * Math.sqrt(size);
          return (
            <g key={s.id} transform={`translate(${xy[0]},${xy[1]})`} className="site">
              <circle r={r} fill={size === undefined ? "white" : countryColor(s.country)} stroke={countryColor(s.country)} fillOpacity={size === 0 ? 0.15 : 0.8} strokeWidth={1.5} />
              <title>{`${s.name} (${s.operator}, ${s.country}${s.role ? `, ${s.role}` : ""})${size !== undefined ? `: ${(100 * size).toFixed(0)}% of peak capacity in ${network.periods[t]}` : ""}`}</title>
            </g>
          );
        })}
      </svg>
      <table className="small">
        <thead>
          <tr>
            <th>resource</th>
            <th>site</th>
            <th className="num">capacity in {network.periods[t]}</th>
            <th>unit</th>
          </tr>
        </thead>
        <tbody>
          {network.resources.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>{siteById.get(r.site)?.name ?? r.site}</td>
              <td className="num">{r.capacity[t].toLocaleString(undefined, { maximumFractionDigits: 0 })}</td>
              <td>{r.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
