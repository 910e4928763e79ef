// Adapter: resolve a CLI scenario argument (a path or a built-in name) and read it; check the paths
// a command will write before it does any work.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem, LIMITS, type LoadResult, loadScenarioText, normalize, type Network, periodOrdinal, type Scenario } from "../model/index.js";
import { fileErrorReason, UserError } from "./output.js";

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
  const text = readTextFile(path);
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

const MIB = 1024 * 1024;

/**
 * A scenario file's text, or a UserError with the path and the reason. Refuses a file over the size
 * limit before reading it, and reads anything else (a device, a pipe) in chunks up to the limit, so
 * that `/dev/zero` ends too.
 */
export function readTextFile(path: string): string {
  const max = LIMITS.textChars;
  const refuse = (reason: string) => new UserError(`${path}: ${reason}`);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw refuse(`cannot be read: ${fileErrorReason((err as NodeJS.ErrnoException).code ?? "")}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw refuse("is a directory, not a scenario file");
    if (st.isFile() && st.size > max) throw refuse(`is ${(st.size / MIB).toFixed(1)} MiB; a scenario file may be at most ${max / MIB} MiB`);
    const chunks: Buffer[] = [];
    const buffer = Buffer.allocUnsafe(MIB);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw refuse(`holds more than ${max / MIB} MiB; a scenario file may be at most ${max / MIB} MiB`);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw refuse(`cannot be read: ${fileErrorReason((err as NodeJS.ErrnoException).code ?? "")}`);
  } finally {
    closeSync(fd);
  }
}

/** Before any work: a file the command will write can be written there (its folder exists; it is no folder itself). */
export function checkOutputFile(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new UserError(`${flag} ${path}: the folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new UserError(`${flag} ${path}: ${dir} is not a folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`${flag} ${path}: is a folder, not a file`);
}

/** Before any work: the folder the command will write into, created if it is missing. */
export function prepareOutputFolder(path: string, flag: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) throw new UserError(`${flag} ${path}: is a file, not a folder`);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new UserError(`${flag} ${path}: cannot be created: ${fileErrorReason((err as NodeJS.ErrnoException).code ?? "")}`);
  }
}

/** Before any work: a period option names a period of the scenario's horizon. */
export function checkPeriod(net: Network, label: string, flag: string): void {
  if (net.periods.includes(label)) return;
  const bucket = net.periods[0]?.includes("W") ? "week" : "month";
  const first = net.periods[0];
  const last = net.periods[net.T - 1];
  throw new UserError(periodOrdinal(label, bucket) !== null ? `${flag} ${label} is outside the horizon ${first} .. ${last}` : `${flag} ${label}: not a ${bucket} period like ${first}`);
}
