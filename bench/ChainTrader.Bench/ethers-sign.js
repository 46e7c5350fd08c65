// ethers v6 signing the same EIP-1559 swap as SigningBenchmark.cs, timed the same way (warm-up, then rounds).
// Run by SigningBenchmark with devnet/ as the working directory (where the ethers package is installed);
// reads its parameters as JSON on stdin and prints the per-round rates as JSON.
const ethers = require('ethers');
let raw = '';
process.stdin.on('data', d => raw += d).on('end', () => {
  const input = JSON.parse(raw);
  const signingKey = new ethers.SigningKey(input.key);
  let nonce = 0;
  // The synchronous path ethers' Wallet.signTransaction ends in: build, hash, sign, serialize.
  const signAndSerialize = () => {
    const tx = ethers.Transaction.from({
      type: 2, chainId: 1, nonce: nonce++, maxPriorityFeePerGas: 1500000000n, maxFeePerGas: 40000000000n,
      gasLimit: 250000n, to: input.to, value: 0n, data: input.data,
    });
    tx.signature = signingKey.sign(tx.unsignedHash);
    return tx.serialized.length;
  };
  let sink = 0;
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let start = now();
  while (now() - start < input.warmUpSeconds) sink += signAndSerialize();
  const rounds = [];
  for (let r = 0; r < input.rounds; r++) {
    let operations = 0;
    start = now();
    let elapsed = 0;
    while ((elapsed = now() - start) < input.roundSeconds) { sink += signAndSerialize(); operations++; }
    rounds.push(operations / elapsed);
  }
  if (sink === 0) throw new Error('no output');
  process.stdout.write(JSON.stringify({ version: ethers.version, node: process.version, rounds }));
});
