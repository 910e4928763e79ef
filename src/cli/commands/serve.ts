// serve: the HTTP API and the dashboard. Only parses options, applies the safety rules on the bind
// address and wires the hono app (src/server) to a socket; stops cleanly on SIGINT and SIGTERM.
import type { Command } from "commander";
import { UserError, integerOption } from "../output.js";
import { handleSignals, type StopSignal } from "../signals.js";

interface Opts {
  port: string;
  host: string;
  maxTrials: string;
  maxRunSeconds: string;
  maxWhatifSessions: string;
  whatifIdleSeconds: string;
}

export function registerServeCommands(program: Command): void {
  program
    .command("serve")
    .description("HTTP API (OpenAPI at /api/openapi.json) and the dashboard")
    .option("--port <port>", "TCP port (0: any free one)", "8080")
    .option("--host <address>", "address to bind; anything but loopback needs WAFERLINE_TOKEN", "127.0.0.1")
    .option("--max-trials <n>", "most Monte Carlo trials one request may ask for", "100000")
    .option("--max-run-seconds <s>", "a run going on longer is stopped and stored as failed", "600")
    .option("--max-whatif-sessions <n>", "what-if sessions kept at once (each holds a solver model); opening one more closes the least recently used", "8")
    .option("--whatif-idle-seconds <s>", "a what-if session unused this long is closed", "900")
    .action((opts: Opts) => serve(opts));
}

async function serve(opts: Opts): Promise<void> {
  const port = integerOption(opts.port, "--port", 0, 65535);
  const maxTrials = integerOption(opts.maxTrials, "--max-trials", 1, 10_000_000);
  const maxRunSeconds = integerOption(opts.maxRunSeconds, "--max-run-seconds", 1, 86_400);
  const maxWhatIfSessions = integerOption(opts.maxWhatifSessions, "--max-whatif-sessions", 1, 1000);
  const whatIfIdleSeconds = integerOption(opts.whatifIdleSeconds, "--whatif-idle-seconds", 1, 86_400);
  const { createApp, isLoopbackName } = await import("../../server/index.js");
  const loopback = isLoopbackName(opts.host);
  const token = process.env.WAFERLINE_TOKEN || undefined;
  if (!loopback && token === undefined) {
    throw new UserError(`refusing to listen on ${opts.host}: it is not a loopback address, and WAFERLINE_TOKEN is not set. Set WAFERLINE_TOKEN to a secret (every /api request must then send 'Authorization: Bearer <token>'), or leave --host at 127.0.0.1`);
  }
  if (token !== undefined && token.length < 16) throw new UserError("WAFERLINE_TOKEN must be at least 16 characters long");

  // From here on a signal stops the server cleanly, even one that arrives while it is starting.
  let stopServer: ((signal: StopSignal) => void) | null = null;
  let stopRequested: StopSignal | null = null;
  handleSignals((signal) => {
    if (stopServer) stopServer(signal);
    else stopRequested = signal;
  });
  const { openStore } = await import("../../store/index.js");
  const { serve: listen } = await import("@hono/node-server");
  const store = openStore();
  const { app, close } = createApp({ store, token, maxTrials, maxRunSeconds, maxWhatIfSessions, whatIfIdleSeconds, loopbackHostsOnly: loopback && token === undefined });

  // A last resort, not a design: every run, request and stream catches its own errors, and a client's
  // input must never reach these. If a bug lets one escape, it is logged and the server keeps answering.
  const lastResort = (what: string) => (err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`waferline serve: ${what}, logged and kept serving: ${text.slice(0, 2000)}\n`);
  };
  process.on("unhandledRejection", lastResort("an unhandled rejection"));
  process.on("uncaughtException", lastResort("an uncaught exception"));

  await new Promise<void>((resolve, reject) => {
    let listening = false;
    const server = listen({ fetch: app.fetch, port, hostname: opts.host }, (info) => {
      listening = true;
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const shown = loopback && host === "127.0.0.1" ? "127.0.0.1" : host;
      process.stdout.write(`Waferline dashboard: http://${shown}:${info.port}/${token !== undefined ? "#token=<WAFERLINE_TOKEN>" : ""}\n`);
      process.stdout.write(`API: http://${shown}:${info.port}/api (OpenAPI at /api/openapi.json); runs stored in ${store.path}. Ctrl-C stops.\n`);
    });
    server.on("error", (err: NodeJS.ErrnoException) => {
      if (listening) return lastResort("a server error")(err); // e.g. out of file descriptors: the next connection may work
      void close()
        .catch(() => {})
        .finally(() => store.close());
      reject(err.code === "EADDRINUSE" ? new UserError(`port ${port} on ${opts.host} is already in use: choose another with --port`) : err.code === "EADDRNOTAVAIL" ? new UserError(`cannot bind ${opts.host}: no such local address`) : err);
    });
    // SIGINT or SIGTERM: stop taking requests, mark the runs in progress cancelled, end the event
    // streams, wait for every thread to go, close the store, exit 0. A second signal exits at once.
    stopServer = (signal) => {
      process.stderr.write(`waferline: ${signal}: stopping the server; runs in progress are stored as cancelled\n`);
      const closed = new Promise<void>((r) => server.close(() => r()));
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      // Connections still busy after a second (a slow client) are cut.
      setTimeout(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.(), 1000).unref();
      void close()
        .catch((err) => lastResort("an error while stopping")(err))
        .then(() => Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]))
        .finally(() => {
          store.close();
          // Whatever might still hold the event loop (a client's socket) must not keep a stopped server alive.
          setTimeout(() => process.exit(0), 2000).unref();
          resolve();
        });
    };
    if (stopRequested) stopServer(stopRequested);
  });
}
