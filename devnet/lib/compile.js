'use strict';
// Compiles devnet/contracts/*.sol with the pinned solc-js (no compiler download) and caches the result in
// devnet/build/ under the hash of the exact compiler input, so an unchanged source set compiles once.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CONTRACTS_DIR = path.join(__dirname, '..', 'contracts');
const BUILD_DIR = path.join(__dirname, '..', 'build');

function compilerInput() {
  const sources = {};
  for (const file of fs.readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: fs.readFileSync(path.join(CONTRACTS_DIR, file), 'utf8') };
  }
  return {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
}

/** Returns { ContractName: { abi, bytecode } } for every contract in devnet/contracts. */
function compileContracts(log) {
  const solcVersion = require('solc/package.json').version;
  const input = compilerInput();
  const inputJson = JSON.stringify(input);
  const hash = crypto.createHash('sha256').update(solcVersion).update(inputJson).digest('hex').slice(0, 16);
  const cacheFile = path.join(BUILD_DIR, `contracts-${hash}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));

  log(`compiling ${Object.keys(input.sources).join(', ')} with solc ${solcVersion}`);
  const solc = require('solc');
  const output = JSON.parse(solc.compile(inputJson));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  for (const warning of (output.errors || []).filter((e) => e.severity !== 'error')) log(warning.formattedMessage.trim());

  const artefacts = {};
  for (const [file, contracts] of Object.entries(output.contracts)) {
    for (const [name, contract] of Object.entries(contracts)) {
      if (artefacts[name]) throw new Error(`Contract name ${name} is defined twice (second time in ${file}).`);
      artefacts[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
    }
  }
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  fs.writeFileSync(cacheFile, JSON.stringify(artefacts, null, 2));
  return artefacts;
}

module.exports = { compileContracts };
