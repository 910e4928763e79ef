// What-if sessions in-process (the what-if thread's side): idle ones close on a sweep, the least
// recently used goes past the cap, and a closed session answers 404.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WhatIfSessions } from "./whatif-sessions.js";

const root = new URL("../..", import.meta.url).pathname;
const tutorial = readFileSync(join(root, "scenarios/tutorial.yaml"), "utf8");
const body = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));

describe("what-if sessions", () => {
  it("an idle session closes on a sweep; a used one stays", async () => {
    const s = new WhatIfSessions({ maxSessions: 4, idleMs: 200 });
    try {
      expect((await s.handle({ op: "open", id: "aaaaaaaa", text: tutorial, name: "tutorial" })).ok).toBe(true);
      expect((await s.handle({ op: "open", id: "bbbbbbbb", text: tutorial, name: "tutorial" })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect((await s.handle({ op: "solve", id: "bbbbbbbb", body: body({}) })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      await s.sweep();
      expect(s.size).toBe(1);
      const gone = await s.handle({ op: "solve", id: "aaaaaaaa", body: body({}) });
      expect(gone).toMatchObject({ ok: false, problem: { status: 404 } });
    } finally {
      s.dispose();
    }
  });

  it("past the cap the least recently used session closes", async () => {
    const s = new WhatIfSessions({ maxSessions: 2, idleMs: 60_000 });
    try {
      for (const id of ["11111111", "22222222"]) await s.handle({ op: "open", id, text: tutorial, name: "tutorial" });
      await new Promise((r) => setTimeout(r, 5));
      await s.handle({ op: "solve", id: "11111111", body: body({}) }); // 2222 is now the least recently used
      await s.handle({ op: "open", id: "33333333", text: tutorial, name: "tutorial" });
      expect(s.size).toBe(2);
      expect(await s.handle({ op: "solve", id: "22222222", body: body({}) })).toMatchObject({ ok: false, problem: { status: 404 } });
      expect((await s.handle({ op: "solve", id: "11111111", body: body({}) })).ok).toBe(true);
      expect((await s.handle({ op: "close", id: "11111111" })).ok).toBe(true);
      expect(s.size).toBe(1);
    } finally {
      s.dispose();
    }
  });
});
