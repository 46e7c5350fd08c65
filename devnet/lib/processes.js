'use strict';
// Child-process supervision for the long-running modes: every child runs in its own process group so the
// whole tree can be stopped, and the script stops them all on SIGINT/SIGTERM/SIGHUP, when its stdin pipe
// closes (the parent test process died), or when any child dies.
const net = require('node:net');
const readline = require('node:readline');
const { spawn } = require('node:child_process');

const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
const log = (message) => process.stderr.write(`devnet: ${message}\n`);

/**
 * Asks the OS for `count` free loopback ports by listening on port 0 and closing again. All listeners stay open until
 * every port is known, so the ports differ (closing one before asking for the next can hand the same port back).
 */
async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      }));
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

const freePort = async () => (await freePorts(1))[0];

/** Fails with a clear message when a port the caller asked for is taken. */
function assertPortFree(port, purpose) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => reject(error.code === 'EADDRINUSE'
      ? new Error(`port ${port} on 127.0.0.1 (${purpose}) is already in use`)
      : new Error(`cannot bind 127.0.0.1:${port} (${purpose}): ${error.message}`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function portAccepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => { socket.destroy(); resolve(false); });
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Supervisor {
  constructor() {
    this.children = [];
    this.stopping = false;
    this.onFailure = null;
  }

  /** Starts a node script as a supervised child; its output goes to stderr prefixed with its name. */
  start(name, script, args, { cwd, env } = {}) {
    const preload = `--require ${JSON.stringify(require.resolve('./exit-with-parent.js'))}`;
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...process.env, ...env, NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so stopping it reaches anything it spawns
    });
    const entry = { name, child, exited: null };
    entry.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.once('error', (error) => this.fail(`could not start ${name}: ${error.message}`));
    for (const stream of [child.stdout, child.stderr]) {
      // Colour codes stripped: this output ends up in log files and test reports, not terminals.
      readline.createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${name}] ${line.replace(ANSI_COLOUR, '')}\n`));
    }
    entry.exited.then(({ code, signal }) => {
      if (!this.stopping) this.fail(`${name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`);
    });
    this.children.push(entry);
    return entry;
  }

  /** Resolves when probe() is true; rejects if the child dies first or time runs out. */
  async waitUntil(entry, what, probe, timeoutMs) {
    let died = false;
    entry.exited.then(() => { died = true; });
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (died) throw new Error(`${entry.name} exited before ${what}`);
      if (Date.now() > deadline) throw new Error(`${entry.name}: ${what} did not happen within ${timeoutMs / 1000} s`);
      await delay(100);
    }
  }

  /** Wires the stop triggers; call once the children are started. */
  installStopHandlers() {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => this.stop(`received ${signal}`, 0));
    }
    // Only a pipe or socket means "a parent is holding our stdin"; a terminal or /dev/null never signals that.
    const fs = require('node:fs');
    const stdin = fs.fstatSync(0);
    if (stdin.isFIFO() || stdin.isSocket()) {
      process.stdin.on('end', () => this.stop('stdin closed', 0));
      process.stdin.on('error', () => this.stop('stdin failed', 0));
      process.stdin.resume();
    }
    // A parent that died can no longer read our output; carry on so the children still stop gracefully.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    // Last resort if the script crashes: never leave a child behind.
    process.on('exit', () => {
      for (const { child } of this.children) if (child.exitCode === null && child.signalCode === null) killGroup(child.pid, 'SIGKILL');
    });
  }

  fail(message) {
    if (this.stopping) return;
    log(`error: ${message}`);
    this.stop(this.children.length > 0 ? 'after the error above' : 'nothing was started', 1);
  }

  async stop(reason, exitCode) {
    if (this.stopping) return;
    this.stopping = true;
    log(`stopping (${reason})`);
    await Promise.all(this.children.map(async ({ name, child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid, 'SIGTERM');
      const graceful = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!graceful) {
        log(`${name} ignored SIGTERM; killing it`);
        killGroup(child.pid, 'SIGKILL');
        await exited;
      }
    }));
    process.exit(exitCode);
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

module.exports = { Supervisor, freePort, freePorts, assertPortFree, portAccepts, log };
