// Excel in and out: a scenario as a workbook and back, and plain tables as a workbook (exceljs).
export { scenarioToWorkbook } from "./write.js";
export { workbookToScenario, formatSheetProblem, type SheetProblem, type ImportResult } from "./read.js";
export { tablesToWorkbook, type SheetTable } from "./tables.js";
export { SHEETS, SCENARIO_FIELDS, SCENARIO_SHEET, type SheetLayout, type Column, type CellKind } from "./layout.js";
