// The chart layout the report uses (src/report/layout.ts), for the dashboard's charts: the same header
// stacking, text widths and axis helpers, at the width each chart is given.
export { axisText, bucketOf, categoryY, colourScale, header, INK, periodLabels, textWidth, ticks, type Type, typeFor, valueY, yLabelRoom } from "../../src/report/layout.js";

/** Below this width a chart lays itself out for a phone. */
export const NARROW_BELOW = 560;
