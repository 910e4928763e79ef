// The API's shapes, as far as the dashboard reads them (src/server is the source of truth).
export type RunStatus = "running" | "complete" | "failed" | "cancelled";

export interface Progress {
  stage: string;
  done: number;
  total: number;
}

export interface RunSummary {
  id: string;
  scenarioName: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  options: Record<string, unknown>;
  durations: Record<string, number> | null;
  kpis: Record<string, unknown> | null;
  error: string | null;
  progress?: Progress | null;
}

export interface Run extends RunSummary {
  scenarioText: string;
  results: { plan?: PlanJson; simulate?: SimulationJson; stress?: StressJson; sensitivity?: SensitivityJson };
}

export interface PlanJson {
  status: string;
  periods: string[];
  kpis: { deliveredValueUsd: number; targetValueUsd: number | null; onshoreValueShare: number; massProductionPeriod: string | null };
  bottlenecks: { resource: string; period: string; shadowPriceUsd: number; utilisation?: number }[];
  bindsWhen?: { period: string; resource: string | null; shadowPriceUsd: number }[];
  shipments: { lane: string; item: string; quantity: number[] }[];
  deliveries: { demand: string; quantity: number[]; unmet: number[] }[];
  /** Per target: the cumulative value made toward it, per period. */
  targetProgress?: { id: string; cumulativeValueUsd: number[] }[];
}

export interface PeriodSummary {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface SimulationJson {
  trials: number;
  probabilityTargetMet: number | null;
  kpis: { deliveredValueUsd: PeriodSummary };
  periods: { period: string; output: PeriodSummary; deliveredValueUsd: PeriodSummary; targetValueCumulativeUsd?: PeriodSummary | null }[];
}

export interface StressNode {
  id: string;
  kind: string;
  name: string;
  country?: string;
  ttsPeriods: number | null;
  ttrPeriods: number | null;
  lostValueUsd: number;
  riskExposureIndex: number;
  flagged: boolean;
}

export interface StressJson {
  status: string;
  period: string;
  ttsCapPeriods: number;
  reading?: string;
  nodes: StressNode[];
}

export interface NetworkView {
  periods: string[];
  onshore: string[];
  sites: { id: string; name: string; operator: string; country: string; role: string | null; lat: number; lon: number; onshore: boolean }[];
  lanes: { id: string; from: string; to: string; items: string[]; transit: number; capacity: number | null }[];
  resources: { id: string; name: string; unit: string; site: string; capacity: number[] }[];
  items: { id: string; name: string; unit: string; valueUsd: number }[];
  demands: { id: string; item: string; site: string; priceUsd: number }[];
  targets: { id: string; description: string; valueUsd: number; by: string }[];
}

export interface ScenarioProblem {
  code: string;
  path: string;
  message: string;
  line: number;
  col: number;
}

export interface ScenarioSummary {
  name: string;
  title: string;
  question: string;
  periods: number;
  start: string;
  sites: number;
}

export interface SweepKpis {
  deliveredValueUsd: number;
  targetValueP50Usd: number | null;
  probabilityTargetMet: number | null;
}

export interface SensitivityJson {
  trials: number;
  base: SweepKpis;
  tornado: { param: string; low: number; high: number; atLow: SweepKpis; atHigh: SweepKpis }[];
}
