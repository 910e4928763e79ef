// run: the main job. Validates, plans, simulates and stress-tests; prints the answers; writes
// out/<run-id>/ (report, CSV, XLSX, JSON) and stores the run. The work itself is executeRun's.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { writeRunArtifacts } from "../../run/artifacts.js";
import { answer, usd } from "../../run/present.js";
import { DEFAULT_TRIALS, executeRun, type RunKind, storedResults } from "../../run/run.js";
import { openStore } from "../../store/index.js";
import { bold, dim, integerOption, printJson, table } from "../output.js";
import { DEFAULT_SCENARIO, loadNetwork } from "../scenario-file.js";

interface RunFlags {
  trials: string;
  seed?: string;
  threads?: string;
  at?: string;
  out: string;
  json?: boolean;
}

export function registerRunCommands(program: Command): void {
  program
    .command("run")
    .description("the main job: validate, plan, simulate and stress-test; print the answers, write out/<run-id>/ and store the run")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .option("--trials <n>", "Monte Carlo trials", String(DEFAULT_TRIALS))
    .option("--seed <s>", "random seed (default: the scenario's)")
    .option("--threads <t>", "worker threads (default: the number of cores)")
    .option("--at <period>", "period at which the stress test takes stock (default: the period of highest planned output on the target's measure)")
    .option("--out <dir>", "where run folders are written", "out")
    .option("--json", "print the run's result as JSON (the files are still written)")
    .addHelpText("after", "\nThe run is stored in .waferline/waferline.db (WAFERLINE_DB overrides); see `waferline runs`.")
    .action(async (arg: string, flags: RunFlags) => {
      const trials = integerOption(flags.trials, "--trials", 1, 10_000_000);
      const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, 2 ** 32 - 1);
      const threads = flags.threads === undefined ? availableParallelism() : integerOption(flags.threads, "--threads", 1, 256);
      const loaded = loadNetwork(arg);
      const store = openStore();
      const options = { trials, seed: seed ?? loaded.scenario.seed, threads, at: flags.at ?? null };
      const id = store.beginRun({ scenarioName: loaded.scenario.name, scenarioText: loaded.text, options });
      const interrupted = () => {
        store.failRun(id, "interrupted");
        process.exit(130);
      };
      process.once("SIGINT", interrupted);
      process.once("SIGTERM", interrupted);
      const bar = process.stderr.isTTY && !flags.json ? new SingleBar({ format: " {stage} |{bar}| {percentage}%", stream: process.stderr, hideCursor: true }) : null;
      let stage: RunKind | null = null;
      try {
        const result = await executeRun(loaded, {
          trials,
          seed,
          threads,
          stressAt: flags.at,
          onProgress: (p) => {
            if (!bar) return;
            if (p.stage !== stage) {
              if (stage) bar.stop();
              stage = p.stage;
              bar.start(p.total, p.done, { stage: p.stage.padEnd(8) });
            } else bar.update(p.done);
          },
        }).finally(() => bar?.stop());
        const command = `waferline run ${arg} --trials ${trials} --seed ${result.options.seed}${flags.at ? ` --at ${flags.at}` : ""}`;
        const written = await writeRunArtifacts(resolve(flags.out), id, loaded.network, loaded.scenario, result, command);
        store.completeRun(id, {
          kpis: result.kpis,
          durations: result.durationsMs,
          results: storedResults(result),
        });
        if (flags.json) {
          printJson({ id, dir: written.dir, files: written.files, ...result });
          return;
        }
        process.stdout.write(render(loaded.network, result, id, written.dir));
      } catch (err) {
        store.failRun(id, err instanceof Error ? err.message : String(err));
        throw err;
      } finally {
        process.off("SIGINT", interrupted);
        process.off("SIGTERM", interrupted);
        store.close();
      }
    });
}

function render(net: Parameters<typeof answer>[0], r: Awaited<ReturnType<typeof executeRun>>, id: string, dir: string): string {
  const { answer: text, findings } = answer(net, r);
  const lines = [bold(r.scenario.title), dim(r.scenario.question), "", bold(text), ...findings.map((f) => `  - ${f}`), ""];
  const plan = r.plan;
  if (plan?.status === "optimal") {
    const unit = (rid: string) => net.resources.find((x) => x.id === rid)?.unit ?? "";
    const limits = (title: string, list: typeof plan.limits.total) => {
      if (!list.length) return;
      lines.push(
        bold(title) + dim(" (+10%: exact re-solve with 10% more capacity over the binding window; shadow price: one more unit in each binding period)"),
        table(["resource", "binds", "+10% capacity", "shadow price", "per"], list.slice(0, 5).map((b) => [b.resource, b.from === b.to ? b.from : `${b.from}..${b.to}`, usd(b.plusTenPercentUsd), usd(b.shadowPriceUsd), unit(b.resource)])),
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
    const text =
      inv.status === "unreachable"
        ? `not reachable by ${inv.target.by} whatever is built (at most ${usd(inv.maxReachableUsd ?? 0)})${inv.whenReachable ? `; by ${inv.whenReachable.by}: ${usd(inv.whenReachable.capexUsd)} (${builds(inv.whenReachable.builds)})` : ""}`
        : inv.status === "optimal"
          ? `${usd(inv.capexUsd)} of capital (${builds(inv.builds)}) to reach ${usd(inv.target.valueUsd)} by ${inv.target.by}`
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
          .map((n) => [n.id, n.country ?? "", Number.isFinite(n.ttsPeriods) ? n.ttsPeriods.toFixed(1) : "≥ cap", n.ttrPeriods, usd(n.lostValueUsd), ...(hasTarget ? [usd(n.lostTargetValueUsd ?? 0)] : []), n.riskExposureIndex.toFixed(3), n.flagged ? "TTR > TTS" : ""]),
      ),
      "",
    );
  }
  const d = r.durationsMs;
  lines.push(dim(`run ${id}: plan ${d.plan ?? 0} ms, simulate ${d.simulate ?? 0} ms, stress ${d.stress ?? 0} ms, sensitivity ${d.sensitivity ?? 0} ms${d.invest !== undefined ? `, invest ${d.invest} ms` : ""}; seed ${r.options.seed}, ${r.options.trials.toLocaleString("en-US")} trials`));
  lines.push(`report: ${dir}/report.html`);
  return `${lines.join("\n")}\n`;
}

