'use strict';
// Real Chainlink feeds post a round at least every heartbeat; the devnet's mocks never do, so without this every
// price is stale half a minute after deploy. Opt-in for people running the stack (./run.sh): tests drive the feeds
// themselves and must not have rounds appear under them.
const { Contract, JsonRpcProvider, Network, NonceManager, Wallet } = require('ethers');

const FEED_ABI = [
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'function updateAnswer(int256 answer)',
];
// A signer the app and the tests do not use, so its nonces never race theirs.
const HEARTBEAT_ACCOUNT = 'outsider';

/** Every `seconds`, re-posts each feed's current answer as a new round (updateAnswer with the same value). */
function startFeedHeartbeat({ rpcUrl, manifest, seconds, log }) {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: Network.from(manifest.chainId), cacheTimeout: -1 });
  const account = manifest.accounts.find((a) => a.name === HEARTBEAT_ACCOUNT);
  if (!account) throw new Error(`the manifest has no '${HEARTBEAT_ACCOUNT}' account to post heartbeats from`);
  const signer = new NonceManager(new Wallet(account.privateKey, provider));
  const feeds = Object.entries(manifest.feeds).map(([name, feed]) => ({ name, contract: new Contract(feed.address, FEED_ABI, signer) }));
  let running = false;

  async function beat() {
    if (running) return; // a slow node: skip a beat rather than queue them
    running = true;
    try {
      for (const { contract } of feeds) {
        const [, answer] = await contract.latestRoundData();
        await (await contract.updateAnswer(answer)).wait();
      }
    } catch (error) {
      signer.reset();
      log(`heartbeat failed (will retry in ${seconds} s): ${error.shortMessage ?? error.message}`);
    } finally {
      running = false;
    }
  }

  setInterval(beat, seconds * 1000);
  log(`feed heartbeat: every ${seconds} s for ${feeds.map((f) => f.name).join(', ')} from '${HEARTBEAT_ACCOUNT}'`);
}

module.exports = { startFeedHeartbeat };
