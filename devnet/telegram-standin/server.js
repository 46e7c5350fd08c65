#!/usr/bin/env node
'use strict';
// A local stand-in for the Telegram Bot API: see README.md.
const http = require('node:http');
const { parseArgs } = require('./lib/args');
const { Standin } = require('./lib/standin');
const { createHandler } = require('./lib/app');
const { webhookUrlProblem } = require('./lib/updates');

const log = (line) => process.stderr.write(`[telegram-standin] ${line}\n`);

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    const problem = options.webhookUrl && webhookUrlProblem(options.webhookUrl);
    if (problem) throw new Error(`--webhook-url: ${problem}`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }

  const standin = new Standin(options, log);
  standin.reset();
  const server = http.createServer(createHandler(standin));
  server.keepAliveTimeout = 5000;

  let stopping = false;
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${reason})`);
    standin.updates.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (!options.ignoreStdin) {
    // The parent holds our stdin open; EOF means it has gone, so we go too.
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }

  server.on('error', (err) => {
    log(`cannot listen: ${err.message}`);
    process.exit(1);
  });
  server.listen(options.port, '127.0.0.1', () => {
    const base = `http://127.0.0.1:${server.address().port}`;
    const ready = { baseUrl: base, chatUrl: `${base}/`, controlUrl: `${base}/_standin` };
    process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
    log(`bot @${options.botUsername} listening on ${base}; webhook ${options.webhookUrl ? 'set from flags' : 'not set'}`);
  });
}

main();
