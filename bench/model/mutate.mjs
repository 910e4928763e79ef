// Random mutations of scenario text, shared by the fast-check test (src/model/fuzz.test.ts) and the
// 10,000-mutation bench run (fuzz.bench.mjs). A mutation is plain data, { kind, a, b, s }, so fast-check
// can shrink it and a failing case can be printed and replayed.
import { parse, stringify } from "yaml";

/** Mutations of the parsed value (written back as YAML or JSON) and of the raw text. */
export const KINDS = [
  "deleteKey",
  "renameKey",
  "retype",
  "swapNumbers",
  "setNumber",
  "swapStrings",
  "insertGarbage",
  "truncate",
  "deleteLine",
  "duplicateLine",
];

const NUMBERS = [0, -1, 0.5, 1, 1.5, 12, 1e9, -1e-9, 2 ** 31, Number.NaN, Number.POSITIVE_INFINITY, 1e308, 1040, 1041];
const RETYPED = [null, true, "", "2026-01", "x", 0, -3, [], {}, "0.5", Number.NEGATIVE_INFINITY];

// Parsing is the slow part of a mutation; the same base text is mutated thousands of times.
const parsedCache = new Map();
function parsed(text) {
  if (!parsedCache.has(text)) {
    if (parsedCache.size > 16) parsedCache.clear();
    parsedCache.set(text, parse(text, { prettyErrors: false, logLevel: "error" }));
  }
  return structuredClone(parsedCache.get(text));
}

/** Every (parent, key, value) below the root, depth first. */
function slots(root) {
  const out = [];
  const walk = (v) => {
    if (v === null || typeof v !== "object") return;
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      out.push({ parent: v, key, value: v[key] });
      walk(v[key]);
    }
  };
  walk(root);
  return out;
}

function renamed(key, b, keys) {
  const i = b % Math.max(1, key.length);
  switch (b % 6) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1); // drop a character
    case 1:
      return key.slice(0, i) + key[i] + key.slice(i); // double one
    case 2:
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`; // swap two
    case 3:
      return key.toUpperCase();
    case 4:
      return keys[b % keys.length]; // another key of the file
    default:
      return `${key}_`;
  }
}

/** Apply one mutation to scenario text. Never throws for any integers a, b >= 0 and any string s. */
export function applyMutation(text, { kind, a, b, s }) {
  if (kind === "insertGarbage") {
    const at = a % (text.length + 1);
    return text.slice(0, at) + s + text.slice(at);
  }
  if (kind === "truncate") return text.slice(0, a % (text.length + 1));
  if (kind === "deleteLine" || kind === "duplicateLine") {
    const lines = text.split("\n");
    const i = a % lines.length;
    if (kind === "deleteLine") lines.splice(i, 1);
    else lines.splice(i, 0, lines[i]);
    return lines.join("\n");
  }

  let root;
  try {
    root = parsed(text);
  } catch {
    return text; // an earlier mutation already broke the syntax: structural ones do not apply
  }
  const all = slots(root);
  const pick = (list, n) => (list.length ? list[n % list.length] : undefined);
  const objects = all.filter((x) => !Array.isArray(x.parent));
  const numbers = all.filter((x) => typeof x.value === "number");
  const strings = all.filter((x) => typeof x.value === "string");
  switch (kind) {
    case "deleteKey": {
      const x = pick(objects, a);
      if (x) delete x.parent[x.key];
      break;
    }
    case "renameKey": {
      const x = pick(objects, a);
      if (x) {
        const name = renamed(String(x.key), b, objects.map((o) => String(o.key)));
        delete x.parent[x.key];
        if (name) x.parent[name] = x.value;
      }
      break;
    }
    case "retype": {
      const x = pick(all, a);
      if (x) x.parent[x.key] = b % 5 === 0 ? [x.value] : b % 5 === 1 ? { value: x.value } : RETYPED[b % RETYPED.length];
      break;
    }
    case "swapNumbers":
    case "swapStrings": {
      const list = kind === "swapNumbers" ? numbers : strings;
      const x = pick(list, a);
      const y = pick(list, b);
      if (x && y) [x.parent[x.key], y.parent[y.key]] = [y.value, x.value];
      break;
    }
    case "setNumber": {
      const x = pick(numbers, a);
      if (x) x.parent[x.key] = NUMBERS[b % NUMBERS.length];
      break;
    }
  }
  // Write back as JSON one time in four: the loader reads JSON through the same parser.
  return b % 4 === 3 ? JSON.stringify(root, null, 1) : stringify(root);
}

/**
 * What the loader must do with any text: ok with a Scenario that normalizes into sane arrays, or
 * problems that each have a position, a code and a message. Returns a description of the first
 * violation, or null. `api` is { loadScenarioText, normalize } from src/ or dist/.
 */
export function verdict(text, api) {
  let result;
  try {
    result = api.loadScenarioText(text);
  } catch (err) {
    return `loadScenarioText threw: ${err?.stack ?? err}`;
  }
  if (!result.ok) {
    if (!Array.isArray(result.problems) || result.problems.length === 0) return "ok:false without problems";
    for (const p of result.problems) {
      if (!(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.col) && p.col >= 1)) return `bad position ${JSON.stringify(p)}`;
      if (typeof p.code !== "string" || !p.code || typeof p.message !== "string" || !p.message) return `bad problem ${JSON.stringify(p)}`;
      if (!Array.isArray(p.path)) return `bad path ${JSON.stringify(p)}`;
    }
    return null;
  }
  let net;
  try {
    net = api.normalize(result.scenario);
  } catch (err) {
    return `normalize threw: ${err?.stack ?? err}`;
  }
  const T = net.T;
  if (!(Number.isInteger(T) && T >= 1) || net.periods.length !== T) return `bad T ${T}`;
  if (net.capacity.length !== net.resources.length * T) return "capacity has the wrong length";
  for (const c of net.capacity) if (!(c >= 0 && Number.isFinite(c))) return `capacity ${c}`;
  for (const y of net.opYield) if (!(y > 0 && y <= 1)) return `yield ${y}`;
  for (const q of net.demandQty) if (!(q >= 0)) return `demand ${q}`;
  for (const x of net.arcTariff) if (!(x >= 0 && Number.isFinite(x))) return `tariff ${x}`;
  for (const n of [...net.opOutNode, ...net.opInNode, ...net.arcFrom, ...net.arcTo, ...net.demandNode]) {
    if (!(n >= 0 && n < net.nodeItem.length)) return `node index ${n}`;
  }
  for (const n of net.nodeItem) if (!(n >= 0 && n < net.items.length)) return `node item ${n}`;
  for (const n of net.nodeSite) if (!(n >= 0 && n < net.sites.length)) return `node site ${n}`;
  for (const r of net.opRes) if (!(r >= 0 && r < net.resources.length)) return `resource index ${r}`;
  for (const l of net.opLeadTime) if (!(l >= 0)) return `lead time ${l}`;
  return null;
}

/** mulberry32: a small seeded generator for the bench run. */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = ["x", ":", "- ", "{", "}", "[", "]", '"', "'", "\t", "\n", "#", "&a", "*a", "!!int", "? ", "|", ">", "%YAML 1.2\n---\n", "\uFEFF", "\u0000", "  ", "---\n", "...\n", "<<: *a\n", "2026-99", "1e999"];

/** One random mutation from a generator, for the bench run. */
export function randomMutation(rand) {
  const int = () => Math.floor(rand() * 2 ** 31);
  const parts = Math.floor(rand() * 4) + 1;
  let s = "";
  for (let i = 0; i < parts; i++) s += GARBAGE[Math.floor(rand() * GARBAGE.length)];
  return { kind: KINDS[Math.floor(rand() * KINDS.length)], a: int(), b: int(), s };
}
