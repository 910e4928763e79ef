// Types for mutate.mjs (used by src/model/fuzz.test.ts).
export interface Mutation {
  kind: string;
  a: number;
  b: number;
  s: string;
}
export const KINDS: string[];
export function applyMutation(text: string, m: Mutation): string;
export function verdict(text: string, api: { loadScenarioText: (text: string) => unknown; normalize: (s: never) => unknown }): string | null;
export function rng(seed: number): () => number;
export function randomMutation(rand: () => number): Mutation;
