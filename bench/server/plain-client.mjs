// A plain keep-alive HTTP client (50 connections, 4 s) that does not decode bodies: a cross-check of
// autocannon, whose own client is the bottleneck on gzipped bodies here. Usage: node plain-client.mjs URL gzip|identity
import http from "node:http";
const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
const url = process.argv[2]; const enc = process.argv[3];
let done = 0; const lat = []; const end = Date.now() + 4000;
async function one() { return new Promise((res, rej) => { const t = performance.now(); http.get(url, { agent, headers: { "accept-encoding": enc } }, (r) => { r.on("data", () => {}); r.on("end", () => { lat.push(performance.now() - t); done++; res(); }); }).on("error", rej); }); }
async function loop() { while (Date.now() < end) await one(); }
await Promise.all(Array.from({ length: 50 }, loop));
lat.sort((a, b) => a - b);
console.log(enc, (done / 4).toFixed(0), "req/s", "p50", lat[Math.floor(lat.length / 2)].toFixed(1), "p99", lat[Math.floor(lat.length * 0.99)].toFixed(1));
agent.destroy();
