// run: the main job. Validates, plans, simulates and stress-tests; prints the answers; writes
// out/<run-id>/ (report, CSV, XLSX, JSON) and stores the run. The work itself is executeRun's.
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { count, money, periodSpan } from "../../format/index.js";
import { DEFAULT_TRIALS, RUN_KINDS, type RunKind, sensitivityTrials } from "../../run/defaults.js";
import type { answer } from "../../run/present.js";
import type { RunResult } from "../../run/run.js";
import { eventOptions, foresightOf, resolveEvents } from "../events.js";
import { bold, dim, integerOption, printJson, table } from "../output.js";
import { checkPeriod, DEFAULT_SCENARIO, loadNetwork, prepareOutputFolder } from "../scenario-file.js";
import { onInterrupt, stoppingSignal } from "../signals.js";

interface RunFlags {
  trials: string;
  seed?: string;
  threads?: string;
  at?: string;
  baseline?: string;
  event: string[];
  foresight?: boolean;
  out: string;
  json?: boolean;
  sensitivity: boolean;
}

export function registerRunCommands(program: Command): void {
  const command = program
    .command("run")
    .description("the main job: validate, plan, simulate and stress-test; print the answers, write out/<run-id>/ and store the run")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--trials <n>", "Monte Carlo trials", String(DEFAULT_TRIALS))
    .option("--seed <s>", "random seed (default: the scenario's)")
    .option("--threads <t>", "simulation worker threads (default: by the work's size and the cores free)")
    .option("--at <period>", "period at which the stress test takes stock (default: the period of highest planned output on the target's measure)")
    .option("--baseline <scenario>", "a counterfactual (file or built-in name, e.g. taiwan-baseline): what this scenario adds over it")
    .option("--out <dir>", "where run folders are written", "out")
    .option("--json", "print the run's result as JSON (the files are still written)")
    .option("--no-sensitivity", "skip the sensitivity tornado (most of the run's time)")
    .addHelpText(
      "after",
      `\nTime: the sensitivity tornado takes most of a run. It simulates every uncertain parameter at its low and
at its high bound (${sensitivityTrials(DEFAULT_TRIALS)} trials per point at the default --trials ${count(DEFAULT_TRIALS)}; a fortieth of --trials, 100 to 250;
each bar with its standard error),
so a scenario with N uncertain parameters runs 2N more simulations.
--no-sensitivity skips it; the plan, the simulation and the stress test still run.

The run is stored in .waferline/waferline.db (WAFERLINE_DB overrides); see \`waferline runs\`.`,
    );
  eventOptions(command).action(async (arg: string, flags: RunFlags) => {
    // Everything the user asked for is checked before any work: options, the scenarios, events, --at, --out.
    const trials = integerOption(flags.trials, "--trials", 1, 10_000_000);
    const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, 2 ** 32 - 1);
    const threads = flags.threads === undefined ? undefined : integerOption(flags.threads, "--threads", 1, 256);
    const loaded = loadNetwork(arg);
    const baseline = flags.baseline === undefined ? undefined : loadNetwork(flags.baseline);
    const events = resolveEvents(loaded.scenario, flags.event);
    if (flags.at !== undefined) checkPeriod(loaded.network, flags.at, "--at");
    const outRoot = resolve(flags.out);
    prepareOutputFolder(outRoot, "--out");
    // The engines, the report and the workbook load in about two seconds: only once the arguments hold.
    const [{ executeRun, storedResults }, { cleanStalePartials, partialFolder, writeRunArtifacts }, { openStore }, present] = await Promise.all([
      import("../../run/run.js"),
      import("../../run/artifacts.js"),
      import("../../store/index.js"),
      import("../../run/present.js"),
    ]);
    cleanStalePartials(outRoot);
    const store = openStore();
    const options = { trials, seed: seed ?? loaded.scenario.seed, threads, at: flags.at ?? null, baseline: baseline?.scenario.name ?? null, events: events.map((e) => e.id), foresight: events.length > 0 && foresightOf(loaded.scenario, flags.foresight) };
    const id = store.beginRun({ scenarioName: loaded.scenario.name, scenarioText: loaded.text, options });
    // Ctrl-C or SIGTERM: the run is stored as cancelled and its half-written folder removed, then the process exits.
    const forget = onInterrupt((signal) => {
      try {
        store.cancelRun(id, `interrupted by ${signal}`);
      } catch {
        // already finished
      }
      rmSync(partialFolder(outRoot, id), { recursive: true, force: true });
    });
    const bar = process.stderr.isTTY && !flags.json ? new SingleBar({ format: " {stage} |{bar}| {percentage}%", stream: process.stderr, hideCursor: true }) : null;
    let stage: RunKind | null = null;
    try {
      const result = await executeRun(loaded, {
        kinds: flags.sensitivity ? RUN_KINDS : RUN_KINDS.filter((k) => k !== "sensitivity"),
        trials,
        seed,
        threads,
        stressAt: flags.at,
        baseline,
        events,
        foresight: foresightOf(loaded.scenario, flags.foresight),
        onProgress: (p) => {
          if (!bar) return;
          if (p.stage !== stage) {
            if (stage) bar.stop();
            stage = p.stage;
            bar.start(p.total, p.done, { stage: p.stage.padEnd(8) });
          } else bar.update(p.done);
        },
      }).finally(() => bar?.stop());
      const command = `waferline run ${arg} --trials ${trials} --seed ${result.options.seed}${flags.at ? ` --at ${flags.at}` : ""}${flags.baseline ? ` --baseline ${flags.baseline}` : ""}${flags.event.map((e) => ` --event ${e}`).join("")}${flags.foresight === true ? " --foresight" : flags.foresight === false ? " --no-foresight" : ""}`;
      const written = await writeRunArtifacts(outRoot, id, loaded.network, loaded.scenario, result, command);
      store.completeRun(id, {
        kpis: result.kpis,
        durations: result.durationsMs,
        results: storedResults(result),
      });
      if (flags.json) {
        printJson({ id, dir: written.dir, files: written.files, ...result });
        return;
      }
      process.stdout.write(render(present.answer, loaded.network, result, id, written.dir));
    } catch (err) {
      if (!stoppingSignal()) store.failRun(id, err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      forget();
      if (!stoppingSignal()) store.close();
    }
  });
}

function render(answerOf: typeof answer, net: Parameters<typeof answer>[0], r: RunResult, id: string, dir: string): string {
  const { answer: text, findings } = answerOf(net, r);
  const lines = [bold(r.scenario.title), dim(r.scenario.question), "", bold(text), ...findings.map((f) => `  - ${f}`), ""];
  const plan = r.plan;
  if (plan?.status === "optimal") {
    const unit = (rid: string) => net.resources.find((x) => x.id === rid)?.unit ?? "";
    const limits = (title: string, list: typeof plan.limits.total) => {
      if (!list.length) return;
      lines.push(
        bold(title) + dim(" (+10%: exact re-solve with 10% more capacity over the binding window; shadow price: one more unit in each binding period)"),
        table(["resource", "binds", "+10% capacity", "shadow price", "per"], list.slice(0, 5).map((b) => [b.resource, periodSpan(b.from, b.to), money(b.plusTenPercentUsd), money(b.shadowPriceUsd), unit(b.resource)])),
        "",
      );
    };
    limits(`What limits target ${plan.limits.targetId ?? ""}`, plan.limits.target);
    limits("What limits total output", plan.limits.total);
  }
  const inv = r.invest;
  if (inv) {
    // The full build plan and frontier are `waferline invest`'s; the answer names the total and the builds.
    const builds = (list: typeof inv.builds) => list.map((b) => `${b.option} ${b.size.toLocaleString("en-US")} ${b.unit} decided ${b.decision}`).join(", ") || "nothing";
    // When nothing needs building, the frontier prices going beyond what the network makes: its first priced point.
    const beyond = (points: typeof inv.frontier) => {
      const p = points.find((x) => x.capexUsd !== null && x.capexUsd > 0);
      return p ? `; ${money(p.targetValueUsd)} would take ${money(p.capexUsd ?? 0)}` : "";
    };
    const text =
      inv.status === "unreachable"
        ? `not reachable by ${inv.target.by} whatever is built (at most ${money(inv.maxReachableUsd ?? 0)})${inv.whenReachable ? `; by ${inv.whenReachable.by}: ${money(inv.whenReachable.capexUsd)} (${builds(inv.whenReachable.builds)})` : ""}`
        : inv.status === "optimal" && inv.builds.length === 0
          ? `nothing to build for ${money(inv.target.valueUsd)} by ${inv.target.by}: the network as it stands makes ${money(inv.baselineValueUsd ?? 0)}${beyond(inv.frontier)}`
          : inv.status === "optimal"
          ? `${money(inv.capexUsd)} of capital (${builds(inv.builds)}) to reach ${money(inv.target.valueUsd)} by ${inv.target.by}`
          : inv.status;
    lines.push(`${bold("What it would take:")} ${text} ${dim("(waferline invest: build plan and frontier)")}`, "");
  }
  if (r.stress?.nodes.length) {
    const hasTarget = r.stress.targetId !== null;
    lines.push(
      bold(`Riskiest nodes at ${r.stress.period}`) + dim(` (${r.stress.periodRule}; stock ${r.stress.stockTrapped ? "trapped at a site that is down" : "free to ship"})`),
      table(
        ["node", "country", "TTS", "TTR", "lost deliveries", ...(hasTarget ? [`lost ${r.stress.targetId}`] : []), "index", "flag"],
        r.stress.nodes
          .slice(0, 6)
          .map((n) => [n.id, n.country ?? "", Number.isFinite(n.ttsPeriods) ? n.ttsPeriods.toFixed(1) : "≥ cap", n.ttrPeriods, money(n.lostValueUsd), ...(hasTarget ? [money(n.lostTargetValueUsd ?? 0)] : []), n.riskExposureIndex.toFixed(3), n.flagged ? "TTR > TTS" : ""]),
      ),
      "",
    );
  }
  const d = r.durationsMs;
  lines.push(dim(`run ${id}: plan ${count(d.plan ?? 0)} ms, simulate ${count(d.simulate ?? 0)} ms, stress ${count(d.stress ?? 0)} ms, ${d.sensitivity === undefined ? "sensitivity skipped" : `sensitivity ${count(d.sensitivity)} ms`}${d.invest !== undefined ? `, invest ${count(d.invest)} ms` : ""}; seed ${r.options.seed}, ${count(r.options.trials)} trials`));
  lines.push(`report: ${dir}/report.html`);
  return `${lines.join("\n")}\n`;
}

