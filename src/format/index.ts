// One formatter for money, units, percentages and periods, used by the CLI, the report and the
// dashboard, so that the same number reads the same everywhere. Pure: no Node or DOM APIs.
export { MINUS, NONE, money, moneyTick, count, quantity, compact, percent, points, percentTick, periods, periodSpan, seconds, elapsed, plain, type SignOption } from "./number.js";
export { unitOf, byKey, type Unit } from "./units.js";
export { niceStep, valueAxis, type AxisRange } from "./scale.js";
