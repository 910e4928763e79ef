// run: the main job. Validates, plans, simulates and stress-tests; prints the answers; writes
// out/<run-id>/ (report, CSV, XLSX, JSON) and stores the run. The work itself is executeRun's.
import { rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { DEFAULT_TRIALS } from "../../run/defaults.js";
import type { answer } from "../../run/present.js";
import type { RunKind, RunResult } from "../../run/run.js";
import { bold, dim, integerOption, printJson, table } from "../output.js";
import { checkPeriod, DEFAULT_SCENARIO, loadNetwork, prepareOutputFolder } from "../scenario-file.js";
import { onInterrupt, stoppingSignal } from "../signals.js";

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
    .option("--at <period>", "period at which the stress test takes stock (default: the scenario's start)")
    .option("--out <dir>", "where run folders are written", "out")
    .option("--json", "print the run's result as JSON (the files are still written)")
    .addHelpText("after", "\nThe run is stored in .waferline/waferline.db (WAFERLINE_DB overrides); see `waferline runs`.")
    .action(async (arg: string, flags: RunFlags) => {
      // Everything the user asked for is checked before any work: options, the scenario, --at, --out.
      const trials = integerOption(flags.trials, "--trials", 1, 10_000_000);
      const seed = flags.seed === undefined ? undefined : integerOption(flags.seed, "--seed", 0, 2 ** 32 - 1);
      const threads = flags.threads === undefined ? availableParallelism() : integerOption(flags.threads, "--threads", 1, 256);
      const loaded = loadNetwork(arg);
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
      const options = { trials, seed: seed ?? loaded.scenario.seed, threads, at: flags.at ?? null };
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
        process.stdout.write(render(present, loaded.network, result, id, written.dir));
      } catch (err) {
        if (!stoppingSignal()) store.failRun(id, err instanceof Error ? err.message : String(err));
        throw err;
      } finally {
        forget();
        if (!stoppingSignal()) store.close();
      }
    });
}

function render(present: typeof import("../../run/present.js"), net: Parameters<typeof answer>[0], r: RunResult, id: string, dir: string): string {
  const { answer, topBottlenecks, usd } = present;
  const { answer: text, findings } = answer(net, r);
  const lines = [bold(r.scenario.title), dim(r.scenario.question), "", bold(text), ...findings.map((f) => `  - ${f}`), ""];
  const plan = r.plan;
  if (plan?.status === "optimal") {
    const top = topBottlenecks(plan, 5);
    if (top.length) {
      const unit = (rid: string) => net.resources.find((x) => x.id === rid)?.unit ?? "";
      lines.push(
        bold("Top bottlenecks") + dim(" (total: one more unit of capacity in every period it binds)"),
        table(["resource", "binds", "total", "peak", "per"], top.map((b) => [b.built ? b.resource : `${b.resource} (not built)`, b.first === b.last ? b.first : `${b.first}..${b.last}`, usd(b.totalShadowPriceUsd), `${usd(b.maxShadowPriceUsd)} in ${b.maxPeriod}`, unit(b.resource)])),
        "",
      );
    }
  }
  if (r.stress?.nodes.length) {
    lines.push(
      bold(`Riskiest nodes (stock at ${r.stress.period})`),
      table(
        ["node", "country", "TTS", "TTR", "lost value", "index", "flag"],
        r.stress.nodes.slice(0, 6).map((n) => [n.id, n.country ?? "", Number.isFinite(n.ttsPeriods) ? n.ttsPeriods.toFixed(1) : "≥ cap", n.ttrPeriods, usd(n.lostValueUsd), n.riskExposureIndex.toFixed(3), n.flagged ? "TTR > TTS" : ""]),
      ),
      "",
    );
  }
  const d = r.durationsMs;
  lines.push(dim(`run ${id}: plan ${d.plan ?? 0} ms, simulate ${d.simulate ?? 0} ms, stress ${d.stress ?? 0} ms, sensitivity ${d.sensitivity ?? 0} ms; seed ${r.options.seed}, ${r.options.trials.toLocaleString("en-US")} trials`));
  lines.push(`report: ${dir}/report.html`);
  return `${lines.join("\n")}\n`;
}

