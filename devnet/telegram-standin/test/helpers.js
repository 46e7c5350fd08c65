'use strict';
// Starts the real stand-in process (as the C# tests will) and a webhook receiver for it to call.
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const SERVER = path.join(__dirname, '..', 'server.js');
const TOKEN = '123456:TEST-token_abc';

async function startStandin(args = [], { token = TOKEN } = {}) {
  const child = spawn(process.execPath, [SERVER, '--token', token, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice('READY '.length)));
    });
    exited.then(({ code }) => reject(new Error(`stand-in exited with ${code} before READY: ${stderr}`)));
  });

  const api = async (method, params, { httpMethod = 'POST', useToken = token } = {}) => {
    const response = await fetch(`${ready.baseUrl}/bot${useToken}/${method}`, params === undefined ? { method: httpMethod } : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
    });
    return { status: response.status, body: await response.json() };
  };
  const control = async (route, body) => {
    const response = await fetch(`${ready.controlUrl}${route}`, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { ...ready, child, exited, api, control, stop, stderr: () => stderr };
}

/** A webhook endpoint; `respond(request, index)` picks each answer: { status, body, delayMs }. */
async function startReceiver(respond = () => ({ status: 200 })) {
  const requests = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = { headers: req.headers, body: JSON.parse(text), time: Date.now(), method: req.method };
      requests.push(request);
      const answer = respond(request, requests.length - 1) ?? { status: 200 };
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(body);
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const waitFor = (count, timeoutMs = 5000) => new Promise((resolve, reject) => {
    const check = () => {
      if (requests.length >= count) {
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(requests);
      }
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(check), 1);
      reject(new Error(`webhook got ${requests.length} of ${count} requests in ${timeoutMs} ms`));
    }, timeoutMs);
    waiters.push(check);
    check();
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/telegram/webhook`,
    requests,
    waitFor,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { startStandin, startReceiver, sleep, TOKEN };
