// How a scenario lies in a workbook: one sheet per list, one column per field. The writer and the
// reader both follow this table, so a field added here round-trips without further code.

/** How a cell's text maps to a value. */
export type CellKind =
  | "string"
  | "number"
  | "boolean"
  | "period"
  /** comma-separated ids or codes: `US, TW`; `[]` for an empty list */
  | "list"
  /** comma-separated numbers: `0, 1, 2` */
  | "numbers"
  /** one source id, or several comma-separated (`[a]` is a list of one) */
  | "sourceRef";

export interface Column {
  header: string;
  /** Path inside one entry. */
  path: string[];
  kind: CellKind;
}

export interface SheetLayout {
  name: string;
  /** Path of the list in the scenario (for a child sheet: the field inside each parent entry). */
  list: string[];
  columns: Column[];
  /** Child sheets hold a list inside each parent entry, found by the parent's id in `column`. */
  parent?: { sheet: string; column: string };
}

const c = (header: string, kind: CellKind = "string", path = header.split(".")): Column => ({ header, path, kind });
const num = (header: string) => c(header, "number");
const per = (header: string) => c(header, "period");
const cite = [c("source", "sourceRef"), c("assumption"), c("note")];
const distribution = (field: string): Column[] => [
  c("type", "string", [field, "type"]),
  ...["min", "mode", "max", "mean", "sd", "median", "sigma", "low", "central", "high"].map((k) => c(k, "number", [field, k])),
  c("values", "numbers", [field, "values"]),
  c("weights", "numbers", [field, "weights"]),
];

/** The top-level fields, one row each on the `scenario` sheet (columns `field`, `value`). */
export const SCENARIO_FIELDS: Column[] = [
  c("$schema", "string", ["$schema"]),
  c("name"),
  c("title"),
  c("description"),
  c("question"),
  num("seed"),
  per("horizon.start"),
  num("horizon.periods"),
  c("horizon.bucket"),
  c("policies.onshore", "list"),
];
export const SCENARIO_SHEET = "scenario";

export const SHEETS: SheetLayout[] = [
  { name: "sites", list: ["sites"], columns: [c("id"), c("name"), c("operator"), c("country"), num("lat"), num("lon"), c("role"), num("recoveryPeriods"), ...cite] },
  { name: "items", list: ["items"], columns: [c("id"), c("name"), c("unit"), num("valueUsd"), num("holdingCostUsd"), ...cite] },
  { name: "resources", list: ["resources"], columns: [c("id"), c("site"), c("name"), c("unit"), ...cite] },
  { name: "resource_levels", list: ["levels"], parent: { sheet: "resources", column: "resource" }, columns: [per("from"), num("level")] },
  {
    name: "resource_ramps",
    list: ["ramps"],
    parent: { sheet: "resources", column: "resource" },
    columns: [per("start"), num("periods"), per("end"), c("shape"), num("from"), num("to"), ...cite],
  },
  { name: "resource_outages", list: ["outages"], parent: { sheet: "resources", column: "resource" }, columns: [per("from"), num("periods"), num("fraction"), ...cite] },
  {
    name: "operations",
    list: ["operations"],
    columns: [
      c("id"),
      c("site"),
      c("name"),
      c("produces.item"),
      num("produces.qty"),
      num("leadTime"),
      // A constant yield fills `yield`; a learning curve fills the four `yield.*` columns instead.
      num("yield"),
      num("yield.start"),
      num("yield.mature"),
      per("yield.from"),
      num("yield.periods"),
      num("costUsd"),
      ...cite,
    ],
  },
  { name: "operation_inputs", list: ["consumes"], parent: { sheet: "operations", column: "operation" }, columns: [c("item"), num("qty")] },
  { name: "operation_resources", list: ["uses"], parent: { sheet: "operations", column: "operation" }, columns: [c("resource"), num("qty")] },
  { name: "lanes", list: ["lanes"], columns: [c("id"), c("from"), c("to"), c("items", "list"), num("transit"), num("costUsd"), num("capacity"), ...cite] },
  { name: "inventory", list: ["inventory"], columns: [c("site"), c("item"), num("qty"), ...cite] },
  { name: "demand", list: ["demand"], columns: [c("id"), c("site"), c("item"), num("priceUsd"), c("unbounded", "boolean"), num("priority"), per("from"), per("until"), ...cite] },
  { name: "demand_schedule", list: ["schedule"], parent: { sheet: "demand", column: "demand" }, columns: [per("from"), num("quantity")] },
  { name: "targets", list: ["targets"], columns: [c("id"), c("description"), c("measure"), c("item"), c("items", "list"), c("countries", "list"), num("valueUsd"), per("by"), ...cite] },
  { name: "milestones", list: ["milestones"], columns: [c("id"), c("description"), c("item"), c("items", "list"), c("countries", "list"), c("sites", "list"), num("quantityPerPeriod"), per("due"), ...cite] },
  { name: "margins", list: ["margins"], columns: [c("item"), c("owner"), c("country"), num("usd"), num("share"), ...cite] },
  { name: "commitments", list: ["commitments"], columns: [c("id"), c("items", "list"), c("countries", "list"), num("minShare"), per("from"), per("to"), ...cite] },
  { name: "tariffs", list: ["policies", "tariffs"], columns: [c("id"), c("origin"), c("destination"), c("items", "list"), num("rate"), per("from"), per("until"), ...cite] },
  { name: "export_controls", list: ["policies", "exportControls"], columns: [c("id"), c("items", "list"), c("destination"), per("from"), ...cite] },
  {
    name: "uncertainty_parameters",
    list: ["uncertainty", "parameters"],
    // `on` is one of four references: fill exactly one of the four columns. A range's bounds carry their own citations.
    columns: [
      c("id"),
      c("on.resource"),
      c("on.operation"),
      c("on.lane"),
      c("on.demand"),
      c("parameter"),
      ...distribution("distribution"),
      ...["low", "high"].flatMap((b) => [c(`${b}.source`, "sourceRef"), c(`${b}.reason`), c(`${b}.note`)]),
      ...cite,
    ],
  },
  {
    name: "disruptions",
    list: ["uncertainty", "disruptions"],
    columns: [c("id"), c("site"), c("country"), num("probabilityPerPeriod"), ...distribution("durationPeriods"), ...cite],
  },
  {
    name: "events",
    list: ["events"],
    columns: [
      c("id"),
      c("kind"),
      c("description"),
      per("start"),
      per("end"),
      num("periods"),
      ...distribution("durationPeriods"),
      c("country"),
      c("site"),
      c("resource"),
      c("lane"),
      c("from"),
      c("to"),
      num("fraction"),
      c("origin"),
      c("destination"),
      c("items", "list"),
      num("rate"),
      c("demand"),
      num("factor"),
      num("quantity"),
      ...cite,
    ],
  },
  {
    name: "expansions",
    list: ["expansions"],
    // A cost is a figure (`capexPerUnitUsd`) or a range (the three `.low/.central/.high` columns); a new site fills `newSite.*`.
    columns: [
      c("id"),
      c("name"),
      c("resource"),
      ...["id", "name", "operator", "country"].map((k) => c(`newSite.${k}`)),
      num("newSite.lat"),
      num("newSite.lon"),
      c("newSite.like"),
      ...["capexPerUnitUsd", "fixedCapexUsd"].flatMap((k) => [num(k), num(`${k}.low`), num(`${k}.central`), num(`${k}.high`)]),
      num("leadTime"),
      num("ramp.periods"),
      c("ramp.shape"),
      per("earliestDecision"),
      per("latestDecision"),
      num("maxSize"),
      num("moduleSize"),
      ...cite,
    ],
  },
  { name: "sources", list: ["sources"], columns: [c("id"), c("title"), c("url"), c("date"), c("confidence")] },
];

/** Sheets that must be present for a workbook to be a scenario. */
export const REQUIRED_SHEETS = [SCENARIO_SHEET, "sites", "items"];

/**
 * The scenario file's comments, which hold much of its rationale. They are not scenario fields, so the
 * loader never sees them: each list sheet's last column holds the comment written above each entry,
 * and the `comments` sheet those above a key (`sites`, `uncertainty.disruptions`), by its dotted path.
 */
export const COMMENT_COLUMN = "comment";
export const COMMENTS_SHEET = "comments";
export const COMMENTS_HEADER = ["before", "comment"];
