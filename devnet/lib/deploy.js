'use strict';
// Deploys the devnet contracts over JSON-RPC with ethers and describes them in a manifest (the shape the C#
// record ChainTrader.Application.Configuration.DevnetManifest reads).
const fs = require('node:fs');
const path = require('node:path');
const { ContractFactory, Contract, HDNodeWallet, JsonRpcProvider, Network, NonceManager, getAddress, keccak256, parseUnits, parseEther, MaxUint256 } = require('ethers');
const { compileContracts } = require('./compile');
const { rpc } = require('./rpc');

// Hardhat's default accounts: public test keys derived from this well-known mnemonic.
const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT_NAMES = ['deployer', 'trader', 'alice', 'bob', 'outsider'];

const FEED_DECIMALS = 8; // Chainlink's USD feeds use 8
// USD prices the feeds report and the pools are seeded at, so on-chain quotes agree with the oracles.
const USD_PRICES = { WETH: 3000n, WBTC: 60000n, USDC: 1n };
const FEEDS = [
  { name: 'ETH/USD', token: 'WETH' },
  { name: 'BTC/USD', token: 'WBTC' },
  { name: 'USDC/USD', token: 'USDC' },
];
const TEST_TOKENS = [
  { symbol: 'USDC', name: 'USD Coin (devnet)', decimals: 6 },
  { symbol: 'WBTC', name: 'Wrapped BTC (devnet)', decimals: 8 },
];
// Each side of each pool holds this much value: a $5,000 swap moves the price by about 0.3% (plus the 0.3% fee).
const POOL_SIDE_USD = 3_000_000n;
const POOLS = [['WETH', 'USDC'], ['WBTC', 'USDC'], ['WBTC', 'WETH']];
const TRADER_FUNDING = { USDC: '100000', WBTC: '2', WETH: '50' };

function uniswapArtefact(pkg, name) {
  const json = require(`@uniswap/${pkg}/build/${name}.json`);
  const bytecode = json.bytecode.startsWith('0x') ? json.bytecode : `0x${json.bytecode}`;
  return { abi: json.abi, bytecode };
}

/**
 * UniswapV2Library (inside Router02) computes pair addresses with CREATE2 and a hard-coded hash of the pair's
 * init code. If the npm artefacts ever disagreed with each other, every router call would address a
 * non-existent pair; fail here with the reason instead of with opaque reverts later.
 */
function assertRouterKnowsPairInitCode(pair, router) {
  const initCodeHash = keccak256(pair.bytecode).slice(2);
  if (!router.bytecode.toLowerCase().includes(initCodeHash)) {
    throw new Error(`UniswapV2Router02 does not embed the init-code hash of @uniswap/v2-core UniswapV2Pair (0x${initCodeHash}); its pair addresses would be wrong.`);
  }
}

async function deploy({ rpcUrl, manifestPath, log }) {
  // Asked directly first: ethers would retry an unreachable URL forever instead of failing.
  const chainId = Number(await rpc(rpcUrl, 'eth_chainId', []));
  // No response cache: ethers otherwise reuses an identical call's answer (e.g. a nonce) for 250 ms.
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: Network.from(chainId), pollingInterval: 50, cacheTimeout: -1 });
  const root = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0");
  const wallets = ACCOUNT_NAMES.map((name, i) => ({ name, wallet: root.deriveChild(i).connect(provider) }));
  const deployerAddress = wallets[0].wallet.address;
  const deployer = new NonceManager(wallets[0].wallet); // counts nonces locally: one signer, many back-to-back sends
  const trader = wallets[1].wallet;

  const needed = parseEther('2500');
  const balance = await provider.getBalance(deployerAddress);
  if (balance < needed) {
    throw new Error(`Deployer ${deployerAddress} has ${balance} wei on ${rpcUrl}; deploying needs at least ${needed} (is this a Hardhat node with its default accounts?).`);
  }

  const compiled = compileContracts(log);
  const artefacts = {
    WETH9: uniswapArtefact('v2-periphery', 'WETH9'),
    UniswapV2Factory: uniswapArtefact('v2-core', 'UniswapV2Factory'),
    UniswapV2Pair: uniswapArtefact('v2-core', 'UniswapV2Pair'),
    UniswapV2Router02: uniswapArtefact('v2-periphery', 'UniswapV2Router02'),
    ...compiled,
  };
  assertRouterKnowsPairInitCode(artefacts.UniswapV2Pair, artefacts.UniswapV2Router02);

  async function deployContract(name, ...args) {
    const { abi, bytecode } = artefacts[name];
    const contract = await new ContractFactory(abi, bytecode, deployer).deploy(...args);
    await contract.waitForDeployment();
    return contract;
  }
  async function send(txPromise) {
    const receipt = await (await txPromise).wait();
    if (receipt.status !== 1) throw new Error(`Transaction ${receipt.hash} reverted.`);
    return receipt;
  }

  const weth = await deployContract('WETH9');
  const factory = await deployContract('UniswapV2Factory', deployerAddress);
  const router = await deployContract('UniswapV2Router02', await factory.getAddress(), await weth.getAddress());

  const tokens = { WETH: { contract: weth, decimals: 18 } };
  for (const { symbol, name, decimals } of TEST_TOKENS) {
    tokens[symbol] = { contract: await deployContract('TestToken', name, symbol, decimals), decimals };
  }
  const units = (symbol, human) => parseUnits(String(human), tokens[symbol].decimals);
  const poolAmount = (symbol) => units(symbol, POOL_SIDE_USD / USD_PRICES[symbol]);

  // Fund the pools and the trader: mint the test tokens, wrap ETH for WETH.
  const required = {};
  for (const [a, b] of POOLS) for (const s of [a, b]) required[s] = (required[s] || 0n) + poolAmount(s);
  for (const [s, human] of Object.entries(TRADER_FUNDING)) required[s] += units(s, human);
  await send(weth.deposit({ value: required.WETH }));
  for (const { symbol } of TEST_TOKENS) await send(tokens[symbol].contract.mint(deployerAddress, required[symbol]));
  for (const [s, human] of Object.entries(TRADER_FUNDING)) await send(tokens[s].contract.transfer(trader.address, units(s, human)));

  const routerAddress = await router.getAddress();
  for (const s of Object.keys(tokens)) await send(tokens[s].contract.approve(routerAddress, MaxUint256));
  const deadline = (await provider.getBlock('latest')).timestamp + 3600;
  const pairs = {};
  for (const [a, b] of POOLS) {
    const tokenA = await tokens[a].contract.getAddress();
    const tokenB = await tokens[b].contract.getAddress();
    await send(router.addLiquidity(tokenA, tokenB, poolAmount(a), poolAmount(b), 0, 0, deployerAddress, deadline));
    pairs[`${a}/${b}`] = await factory.getPair(tokenA, tokenB);
    await assertRouterQuotesPair(router, new Contract(pairs[`${a}/${b}`], artefacts.UniswapV2Pair.abi, provider), tokenA, tokenB, units(a, 1), `${a}/${b}`);
  }

  // Feeds go last so their updatedAt is the newest block's time when the manifest is handed out.
  const feeds = {};
  for (const { name, token } of FEEDS) {
    const feed = await deployContract('MockAggregatorV3', FEED_DECIMALS, name.replace('/', ' / '));
    const answer = USD_PRICES[token] * 10n ** BigInt(FEED_DECIMALS);
    await send(feed.updateAnswer(answer));
    feeds[name] = { address: await feed.getAddress(), decimals: FEED_DECIMALS, answer: answer.toString() };
  }
  // Chainlink's L2 sequencer uptime feed: answer 0 means up; startedAt is when that status began.
  const sequencer = await deployContract('MockAggregatorV3', 0, 'L2 Sequencer Uptime Status Feed');
  const now = (await provider.getBlock('latest')).timestamp;
  await send(sequencer.setRoundData(1, 0, now - 3600, now, 1));

  const manifest = {
    chainId,
    rpcUrl,
    accounts: wallets.map(({ name, wallet }) => ({ name, address: getAddress(wallet.address), privateKey: wallet.privateKey })),
    contracts: {
      weth: await weth.getAddress(),
      factory: await factory.getAddress(),
      router: routerAddress,
      sequencerUptimeFeed: await sequencer.getAddress(),
    },
    tokens: Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([s, t]) => [s, { address: await t.contract.getAddress(), decimals: t.decimals }]))),
    feeds,
    pairs: Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, getAddress(v)])),
  };
  fs.mkdirSync(path.dirname(manifestPath), { recursive: true });
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(temporary, manifestPath);
  provider.destroy();
  return manifest;
}

/** The router must price a pair exactly as Uniswap's getAmountOut formula does from that pair's reserves. */
async function assertRouterQuotesPair(router, pair, tokenIn, tokenOut, amountIn, label) {
  const [reserve0, reserve1] = await pair.getReserves();
  const inIsToken0 = BigInt(tokenIn) < BigInt(tokenOut);
  const [reserveIn, reserveOut] = inIsToken0 ? [reserve0, reserve1] : [reserve1, reserve0];
  const expected = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
  const quoted = (await router.getAmountsOut(amountIn, [tokenIn, tokenOut]))[1];
  if (quoted !== expected) {
    throw new Error(`Router02 quotes ${quoted} for ${label} but the pair's reserves give ${expected}: the router is not addressing the factory's pairs.`);
  }
}

module.exports = { deploy };
