// Worker-thread entry of invest.node.ts: one invest() per thread, its result posted back as plain data.
import { parentPort } from "node:worker_threads";
import type { Network } from "../model/index.js";
import { type InvestOptions, invest } from "./invest.js";
import type { InvestWorkerMessage } from "./invest.node.js";

parentPort?.once("message", async (msg: { net: Network; options: InvestOptions }) => {
  let reply: InvestWorkerMessage;
  try {
    reply = { ok: true, result: await invest(msg.net, msg.options) };
  } catch (err) {
    reply = { ok: false, name: err instanceof Error ? err.name : "Error", message: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
