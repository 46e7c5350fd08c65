'use strict';
// Preloaded (NODE_OPTIONS --require) into every process devnet.js starts. If devnet.js dies without stopping
// its children (SIGKILL, or a test host that kills only its own descendants), they are re-parented; a Hardhat
// node left behind would hold its port and CPU forever, so each child ends itself once its parent is gone.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 1000).unref();
