#!/usr/bin/env node
'use strict';
// The local stack for ChainTrader. Long-running modes print exactly one stdout line, `READY {json}`, once
// usable; everything else goes to stderr. See README.md for the modes and the manifest.
const path = require('node:path');
const { Supervisor, freePort, freePorts, assertPortFree, portAccepts, log } = require('./lib/processes');
const { rpc } = require('./lib/rpc');

const DEVNET_DIR = __dirname;
const STATE_DIR = path.join(DEVNET_DIR, '.state');
const AZURITE_SCRIPT = path.join(DEVNET_DIR, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
const HARDHAT_SCRIPT = path.join(DEVNET_DIR, 'node_modules', 'hardhat', 'internal', 'cli', 'bootstrap.js');
// Azurite's fixed development account (public, documented by Microsoft).
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CHAIN_ID = 31337;

const USAGE = `usage:
  node devnet.js azurite [--in-memory] [--location DIR] [--table-port N --queue-port N --blob-port N]
  node devnet.js chain [--port N] [--manifest PATH]
  node devnet.js deploy --rpc URL [--manifest PATH]
  node devnet.js up [--table-port N --queue-port N --blob-port N] [--port N] [--manifest PATH] [--feed-heartbeat SECONDS]
  node devnet.js compile`;

const OPTIONS = {
  azurite: { flags: ['in-memory'], values: ['location', 'table-port', 'queue-port', 'blob-port'] },
  chain: { flags: [], values: ['port', 'manifest'] },
  deploy: { flags: [], values: ['rpc', 'manifest'] },
  up: { flags: [], values: ['table-port', 'queue-port', 'blob-port', 'port', 'manifest', 'feed-heartbeat'] },
  compile: { flags: [], values: [] },
};

class UsageError extends Error {}

function parseArgs(argv) {
  const [mode, ...rest] = argv;
  const spec = OPTIONS[mode];
  if (!spec) throw new UsageError(mode ? `unknown mode '${mode}'` : 'no mode given');
  const options = {};
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i].startsWith('--') ? rest[i].slice(2) : null;
    if (name !== null && spec.flags.includes(name)) options[name] = true;
    else if (name !== null && spec.values.includes(name)) {
      if (i + 1 >= rest.length) throw new UsageError(`--${name} needs a value`);
      options[name] = rest[++i];
    } else throw new UsageError(`unknown argument '${rest[i]}' for mode ${mode}`);
  }
  for (const name of Object.keys(options).filter((n) => n === 'port' || n.endsWith('-port'))) {
    const port = Number(options[name]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--${name} must be a port number 1-65535, got '${options[name]}'`);
    options[name] = port;
  }
  if (options['feed-heartbeat'] !== undefined) {
    const seconds = Number(options['feed-heartbeat']);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86400) throw new UsageError(`--feed-heartbeat must be whole seconds 1-86400, got '${options['feed-heartbeat']}'`);
    options['feed-heartbeat'] = seconds;
  }
  return { mode, options };
}

/** A port the caller named (checked free) or one the OS picks. */
async function choosePort(requested, purpose) {
  if (requested === undefined) return freePort();
  await assertPortFree(requested, purpose);
  return requested;
}

async function startAzurite(supervisor, options, { inMemory }) {
  const services = ['blob', 'queue', 'table'];
  const picked = await freePorts(services.filter((service) => options[`${service}-port`] === undefined).length);
  const ports = {};
  for (const service of services) {
    const requested = options[`${service}-port`];
    ports[service] = requested === undefined ? picked.shift() : await choosePort(requested, `Azurite ${service}`);
  }
  if (new Set(Object.values(ports)).size !== 3) throw new Error(`Azurite needs three different ports, got ${JSON.stringify(ports)}`);

  const args = ['--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent'];
  for (const service of ['blob', 'queue', 'table']) args.push(`--${service}Host`, '127.0.0.1', `--${service}Port`, String(ports[service]));
  if (inMemory) args.push('--inMemoryPersistence');
  else {
    const location = path.resolve(options.location ?? path.join(STATE_DIR, 'azurite'));
    require('node:fs').mkdirSync(location, { recursive: true });
    args.push('--location', location);
  }
  const azurite = supervisor.start('azurite', AZURITE_SCRIPT, args, { cwd: DEVNET_DIR });
  for (const service of ['blob', 'queue', 'table']) {
    await supervisor.waitUntil(azurite, `the ${service} port ${ports[service]} accepted connections`, () => portAccepts(ports[service]), 60_000);
  }
  const endpoint = (service) => `http://127.0.0.1:${ports[service]}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint: endpoint('blob'),
    queueEndpoint: endpoint('queue'),
    tableEndpoint: endpoint('table'),
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};`
      + `BlobEndpoint=${endpoint('blob')};QueueEndpoint=${endpoint('queue')};TableEndpoint=${endpoint('table')};`,
  };
}

async function rpcAnswers(rpcUrl) {
  try {
    await rpc(rpcUrl, 'eth_chainId', [], 2000);
    return true;
  } catch {
    return false;
  }
}

/** ethers errors carry the whole transaction in .message; its short form plus the node's reason is enough. */
function describe(error) {
  const nodeReason = error.info?.error?.message;
  return error.shortMessage ? `${error.shortMessage}${nodeReason ? ` (${nodeReason})` : ''}` : error.message;
}

function manifestPathFrom(options) {
  return path.resolve(options.manifest ?? path.join(STATE_DIR, 'manifest.json'));
}

async function deployAndDescribe(rpcUrl, manifestPath) {
  const started = Date.now();
  const manifest = await require('./lib/deploy').deploy({ rpcUrl, manifestPath, log });
  log(`deployed in ${((Date.now() - started) / 1000).toFixed(1)} s; manifest at ${manifestPath}`);
  return { rpcUrl, chainId: manifest.chainId, manifest: manifestPath };
}

async function startChain(supervisor, options) {
  const port = await choosePort(options.port, 'Hardhat JSON-RPC');
  const rpcUrl = `http://127.0.0.1:${port}`;
  const hardhat = supervisor.start('hardhat', HARDHAT_SCRIPT, ['node', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: DEVNET_DIR,
    env: { HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' },
  });
  await supervisor.waitUntil(hardhat, `JSON-RPC answered on ${rpcUrl}`, () => rpcAnswers(rpcUrl), 120_000);
  // Hardhat logs every call; the deploy's few hundred would bury what the app does later.
  await rpc(rpcUrl, 'hardhat_setLoggingEnabled', [false]);
  const ready = await deployAndDescribe(rpcUrl, manifestPathFrom(options));
  await rpc(rpcUrl, 'hardhat_setLoggingEnabled', [true]);
  if (ready.chainId !== CHAIN_ID) throw new Error(`Hardhat reports chain id ${ready.chainId}, expected ${CHAIN_ID}`);
  return ready;
}

function announce(ready) {
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
}

async function main() {
  const { mode, options } = parseArgs(process.argv.slice(2));
  if (mode === 'compile') {
    require('./lib/compile').compileContracts(log);
    return;
  }
  if (mode === 'deploy') {
    if (!options.rpc) throw new UsageError('deploy needs --rpc URL');
    announce(await deployAndDescribe(options.rpc, manifestPathFrom(options)));
    return;
  }

  const supervisor = new Supervisor();
  supervisor.installStopHandlers();
  try {
    if (mode === 'azurite') announce(await startAzurite(supervisor, options, { inMemory: options['in-memory'] === true }));
    else if (mode === 'chain') announce(await startChain(supervisor, options));
    else if (mode === 'up') {
      // The Hardhat chain lives in memory and is new on every start, so its storage must be too: Azurite data kept on
      // disk would describe a chain that no longer exists (positions from nowhere, nonces that can never be mined).
      const azurite = await startAzurite(supervisor, options, { inMemory: true });
      const chain = await startChain(supervisor, options);
      if (options['feed-heartbeat'] !== undefined) {
        const manifest = JSON.parse(require('node:fs').readFileSync(chain.manifest, 'utf8'));
        require('./lib/heartbeat').startFeedHeartbeat({ rpcUrl: chain.rpcUrl, manifest, seconds: options['feed-heartbeat'], log });
      }
      announce({ ...azurite, ...chain });
    }
  } catch (error) {
    supervisor.fail(describe(error));
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    log(`error: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  log(`error: ${describe(error)}`);
  process.exit(1);
});
