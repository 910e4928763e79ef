#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`).
import("../dist/cli/main.js").then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`waferline: internal error: ${err?.stack ?? err}\n`);
  process.exit(3);
});
