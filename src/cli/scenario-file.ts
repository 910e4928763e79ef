// Adapter: resolve a CLI scenario argument (a path or a built-in name) and read it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem, type LoadResult, loadScenarioText, normalize, type Network, type Scenario } from "../model/index.js";
import { UserError } from "./output.js";

export const DEFAULT_SCENARIO = "us-ai-onshoring-2025";
export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

export interface ScenarioFile {
  /** The name to print in problems: relative to the working directory when that is shorter. */
  file: string;
  text: string;
  result: LoadResult;
}

export function builtinNames(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => basename(f, ".yaml"))
    .sort();
}

export function resolveScenarioPath(arg: string | undefined): string {
  const name = arg ?? DEFAULT_SCENARIO;
  if (existsSync(name)) return resolve(name);
  const builtin = join(SCENARIO_DIR, `${name}.yaml`);
  if (existsSync(builtin)) return builtin;
  throw new UserError(`no scenario file or built-in scenario named '${name}' (built-ins: ${builtinNames().join(", ")})`);
}

export function readScenario(arg: string | undefined): ScenarioFile {
  const path = resolveScenarioPath(arg);
  const text = readFileSync(path, "utf8");
  const rel = relative(process.cwd(), path);
  const file = rel.length < path.length && !rel.startsWith("..") ? rel : path;
  return { file, text, result: loadScenarioText(text) };
}

/** Read, validate and normalize, or throw a UserError listing every problem as FILE:LINE:COL. */
export function loadNetwork(arg: string | undefined): { file: string; text: string; scenario: Scenario; network: Network } {
  const { file, text, result } = readScenario(arg);
  if (!result.ok) throw new UserError(result.problems.map((p) => formatProblem(file, p)).join("\n"), { listed: true });
  return { file, text, scenario: result.scenario, network: normalize(result.scenario) };
}
