// serve: the HTTP API and the dashboard. Only parses options, applies the safety rules on the bind
// address and wires the hono app (src/server) to a socket.
import type { Command } from "commander";
import { UserError, integerOption } from "../output.js";

interface Opts {
  port: string;
  host: string;
  maxTrials: string;
  maxRunSeconds: string;
}

export function registerServeCommands(program: Command): void {
  program
    .command("serve")
    .description("HTTP API (OpenAPI at /api/openapi.json) and the dashboard")
    .option("--port <port>", "TCP port (0: any free one)", "8080")
    .option("--host <address>", "address to bind; anything but loopback needs WAFERLINE_TOKEN", "127.0.0.1")
    .option("--max-trials <n>", "most Monte Carlo trials one request may ask for", "100000")
    .option("--max-run-seconds <s>", "a run going on longer is stopped and stored as failed", "600")
    .action((opts: Opts) => serve(opts));
}

async function serve(opts: Opts): Promise<void> {
  const port = integerOption(opts.port, "--port", 0, 65535);
  const maxTrials = integerOption(opts.maxTrials, "--max-trials", 1, 10_000_000);
  const maxRunSeconds = integerOption(opts.maxRunSeconds, "--max-run-seconds", 1, 86_400);
  const { createApp, isLoopbackName } = await import("../../server/index.js");
  const loopback = isLoopbackName(opts.host);
  const token = process.env.WAFERLINE_TOKEN || undefined;
  if (!loopback && token === undefined) {
    throw new UserError(`refusing to listen on ${opts.host}: it is not a loopback address, and WAFERLINE_TOKEN is not set. Set WAFERLINE_TOKEN to a secret (every /api request must then send 'Authorization: Bearer <token>'), or leave --host at 127.0.0.1`);
  }
  if (token !== undefined && token.length < 16) throw new UserError("WAFERLINE_TOKEN must be at least 16 characters long");

  const { openStore } = await import("../../store/index.js");
  const { serve: listen } = await import("@hono/node-server");
  const store = openStore();
  const { app, close } = createApp({ store, token, maxTrials, maxRunSeconds, loopbackHostsOnly: loopback && token === undefined });

  await new Promise<void>((resolve, reject) => {
    const server = listen({ fetch: app.fetch, port, hostname: opts.host }, (info) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const shown = loopback && host === "127.0.0.1" ? "127.0.0.1" : host;
      process.stdout.write(`Waferline dashboard: http://${shown}:${info.port}/${token !== undefined ? "#token=<WAFERLINE_TOKEN>" : ""}\n`);
      process.stdout.write(`API: http://${shown}:${info.port}/api (OpenAPI at /api/openapi.json); runs stored in ${store.path}. Ctrl-C stops.\n`);
    });
    server.on("error", (err: NodeJS.ErrnoException) => {
      store.close();
      reject(err.code === "EADDRINUSE" ? new UserError(`port ${port} on ${opts.host} is already in use: choose another with --port`) : err.code === "EADDRNOTAVAIL" ? new UserError(`cannot bind ${opts.host}: no such local address`) : err);
    });
    const stop = () => {
      close();
      server.close(() => {
        store.close();
        resolve();
      });
      // Server-sent event streams keep connections open: do not wait for them for long.
      setTimeout(() => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }, 1000).unref();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

