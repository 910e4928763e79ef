// The committed JSON Schema (what editors load through the $schema line) must match the code.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { scenarioJsonSchema } from "../src/model/index.js";

test("schema/scenario.schema.json is up to date (regenerate: waferline schema > schema/scenario.schema.json)", () => {
  const committed = JSON.parse(readFileSync(new URL("../schema/scenario.schema.json", import.meta.url), "utf8"));
  expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
});

test("the schema rejects nothing the loader accepts: it names every top-level key", () => {
  const props = Object.keys((scenarioJsonSchema() as { properties: Record<string, unknown> }).properties);
  for (const key of ["horizon", "sites", "items", "resources", "operations", "lanes", "demand", "targets", "milestones", "policies", "uncertainty", "sources"]) {
    expect(props).toContain(key);
  }
});
