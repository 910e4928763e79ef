// export-scenario, import-scenario: a scenario as a workbook for planners, and back to YAML.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { formatProblem } from "../../model/index.js";
import { UserError } from "../output.js";
import { checkOutputFile, DEFAULT_SCENARIO, readScenario } from "../scenario-file.js";

export function registerExcelCommands(program: Command): void {
  program
    .command("export-scenario")
    .description("write a scenario as a workbook: one sheet per table (sites, items, resources, operations, lanes, demand, policies, uncertainty, sources)")
    .argument("[scenario]", "scenario file or built-in name", DEFAULT_SCENARIO)
    .requiredOption("--xlsx <file>", "the .xlsx file to write")
    .action(async (arg: string, opts: { xlsx: string }) => {
      checkOutputFile(opts.xlsx, "--xlsx");
      const { file, text, result } = readScenario(arg);
      if (!result.ok) throw new UserError(result.problems.map((p) => formatProblem(file, p)).join("\n"), { listed: true });
      const { scenarioToWorkbook } = await import("../../xlsx/index.js"); // exceljs loads in ~0.3 s: only when used
      const wb = scenarioToWorkbook(result.scenario, { text });
      await wb.xlsx.writeFile(opts.xlsx);
      process.stdout.write(`wrote ${opts.xlsx}: ${wb.worksheets.length} sheets from ${file}\n`);
    });

  program
    .command("import-scenario")
    .description("read a scenario workbook and print it as YAML; problems go to stderr as FILE:Sheet!Cell: message")
    .argument("<file>", "the .xlsx file to read")
    .action(async (file: string) => {
      if (!existsSync(file)) throw new UserError(`no such file: ${file}`);
      const { default: ExcelJS } = await import("exceljs");
      const { formatSheetProblem, workbookToScenario } = await import("../../xlsx/index.js");
      const wb = new ExcelJS.Workbook();
      try {
        await wb.xlsx.readFile(file);
      } catch (err) {
        throw new UserError(`${file}: cannot read as an .xlsx workbook (${err instanceof Error ? err.message : String(err)})`);
      }
      const result = workbookToScenario(wb, file);
      if (!result.ok) {
        const n = result.problems.length;
        throw new UserError(`${result.problems.map((p) => formatSheetProblem(file, p)).join("\n")}\n${n} problem${n === 1 ? "" : "s"} in ${file}`, { listed: true });
      }
      process.stdout.write(result.yaml);
    });
}
