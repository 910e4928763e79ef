#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`).
// A closed pipe (`waferline plan | head`) ends the program quietly, as Unix tools do.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
import("../dist/cli/main.js").then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`waferline: internal error: ${err?.stack ?? err}\n`);
  process.exit(3);
});
