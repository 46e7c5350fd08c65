// Configuration for `hardhat node` only: the devnet compiles its contracts with solc-js (lib/compile.js),
// so nothing here makes Hardhat fetch a compiler.
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      // The deploy sends dozens of transactions within a second or two; without this each block would add a
      // second and push the chain clock (and the feeds' updatedAt) ahead of wall-clock time.
      allowBlocksWithSameTimestamp: true,
    },
  },
  paths: {
    cache: './.state/hardhat-cache',
    artifacts: './build/hardhat-artifacts',
  },
};
