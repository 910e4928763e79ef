// One scenario text checked for the API: its problems (capped), or what a run and the dashboard need
// of a valid one. Plain data in and out, so that it runs the same in a worker thread or in-process.
import { loadScenarioText, normalize } from "../model/index.js";
import { type ScenarioProblemJson, scenarioProblemJson } from "./problem.js";
import { type NetworkView, networkView, type ScenarioSummary, summarize } from "./scenarios.js";

export interface ValidateTask {
  text: string;
  /** Also build the network view (the dashboard's map); runs do not need it. */
  view: boolean;
}

export type ValidateOutcome =
  | { ok: false; problems: ScenarioProblemJson[] }
  | { ok: true; name: string; seed: number; periods: string[]; summary: ScenarioSummary; network?: NetworkView };

export function validateText(task: ValidateTask): ValidateOutcome {
  const result = loadScenarioText(task.text);
  if (!result.ok) return { ok: false, problems: result.problems.map(scenarioProblemJson) };
  const net = normalize(result.scenario);
  return { ok: true, name: result.scenario.name, seed: result.scenario.seed, periods: net.periods, summary: summarize(result.scenario), ...(task.view ? { network: networkView(net) } : {}) };
}
