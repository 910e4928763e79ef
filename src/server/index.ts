// The HTTP API (hono) and the dashboard's file server. `waferline serve` listens; tests call app.request().
export { createApp, isLoopbackName, DEFAULTS, type AppOptions, type WaferlineApp } from "./app.js";
export { ApiError, type ProblemDetails, type ScenarioProblemJson } from "./problem.js";
export { RunManager, type RunEvent, type Executor } from "./runs.js";
export { networkView, type NetworkView, type ScenarioSummary } from "./scenarios.js";
