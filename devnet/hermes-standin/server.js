#!/usr/bin/env node
'use strict';
// A local stand-in for Pyth's Hermes price service (see README.md). No dependencies.
// Serves GET /v2/updates/price/latest?ids[]=<id>&parsed=true in Hermes' response shape; prices are set through
// POST /_standin/prices and read back with GET /_standin/prices.
const http = require('node:http');

const log = (line) => process.stderr.write(`[hermes-standin] ${line}\n`);
const ID = /^(0x)?[0-9a-fA-F]{64}$/;
const INTEGER = /^-?\d+$/;

const prices = new Map(); // id (lower-case hex, no 0x) -> { price, conf, expo, publish_time, slot }
let slot = 1;

function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' });
  res.end(text);
}

function normaliseId(raw) {
  return String(raw).toLowerCase().replace(/^0x/, '');
}

// Validates one control-API price; returns an error message or null.
function priceProblem(p) {
  if (typeof p !== 'object' || p === null) return 'each price must be an object';
  if (!ID.test(String(p.id ?? ''))) return `id "${p.id}" is not 32 bytes of hex`;
  for (const field of ['price', 'conf']) {
    const value = String(p[field] ?? '');
    if (!INTEGER.test(value)) return `${field} "${p[field]}" is not an integer (send it as a string or number)`;
  }
  if (String(p.conf).startsWith('-')) return 'conf must not be negative';
  if (!Number.isInteger(p.expo) || p.expo < -30 || p.expo > 30) return `expo "${p.expo}" must be an integer in -30..30`;
  if (!Number.isInteger(p.publish_time) || p.publish_time < 0) return `publish_time "${p.publish_time}" must be a non-negative integer (Unix seconds)`;
  return null;
}

function rpcPrice(p) {
  return { price: String(p.price), conf: String(p.conf), expo: p.expo, publish_time: p.publish_time };
}

function latest(url, res) {
  const ids = url.searchParams.getAll('ids[]');
  if (ids.length === 0) return send(res, 400, 'Missing query parameter ids[]');
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined) return send(res, 400, `Invalid price id ${bad}`);
  const wanted = ids.map(normaliseId);
  const missing = wanted.filter((id) => !prices.has(id));
  if (missing.length > 0 && url.searchParams.get('ignore_invalid_price_ids') !== 'true') {
    return send(res, 404, `Price ids not found: ${missing.join(', ')}`);
  }
  const found = wanted.filter((id) => prices.has(id));
  const body = {
    // There is no Wormhole-signed update to offer here, so the binary part keeps Hermes' shape but is empty.
    binary: { encoding: url.searchParams.get('encoding') === 'base64' ? 'base64' : 'hex', data: [] },
  };
  if (url.searchParams.get('parsed') !== 'false') {
    body.parsed = found.map((id) => {
      const p = prices.get(id);
      return {
        id,
        price: rpcPrice(p),
        ema_price: rpcPrice(p),
        metadata: { slot: p.slot, proof_available_time: p.publish_time, prev_publish_time: p.publish_time },
      };
    });
  }
  send(res, 200, body);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 1 << 20) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')); } catch (err) { reject(new Error(`body is not JSON: ${err.message}`)); }
    });
    req.on('error', reject);
  });
}

async function setPrices(req, res) {
  let body;
  try { body = await readJson(req); } catch (err) { return send(res, 400, { ok: false, error: err.message }); }
  const list = Array.isArray(body) ? body : [body];
  for (const p of list) {
    const problem = priceProblem(p);
    if (problem) return send(res, 400, { ok: false, error: problem });
  }
  for (const p of list) {
    const id = normaliseId(p.id);
    prices.set(id, { price: String(p.price), conf: String(p.conf), expo: p.expo, publish_time: p.publish_time, slot: slot++ });
  }
  log(`set ${list.length} price(s)`);
  send(res, 200, { ok: true, count: list.length });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/v2/updates/price/latest') return latest(url, res);
  if (req.method === 'POST' && url.pathname === '/_standin/prices') return void setPrices(req, res);
  if (req.method === 'GET' && url.pathname === '/_standin/prices') {
    return send(res, 200, [...prices.entries()].map(([id, p]) => ({ id, ...rpcPrice(p) })));
  }
  if (req.method === 'DELETE' && url.pathname === '/_standin/prices') { prices.clear(); return send(res, 200, { ok: true }); }
  send(res, 404, `No route for ${req.method} ${url.pathname}`);
});

let stopping = false;
function stop(reason) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
// The parent holds our stdin open; EOF means it has gone, so we go too.
process.stdin.on('end', () => stop('stdin closed'));
process.stdin.on('error', () => stop('stdin error'));
process.stdin.resume();

server.on('error', (err) => { log(`cannot listen: ${err.message}`); process.exit(1); });
server.listen(0, '127.0.0.1', () => {
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`READY ${JSON.stringify({ baseUrl, controlUrl: `${baseUrl}/_standin` })}\n`);
  log(`listening on ${baseUrl}`);
});
