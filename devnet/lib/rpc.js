'use strict';

/** One JSON-RPC call with a deadline, so a port that accepts but never answers fails instead of hanging. */
async function rpc(rpcUrl, method, params, timeoutMs = 10_000) {
  let response;
  try {
    response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`no JSON-RPC answer from ${rpcUrl} to ${method}: ${error.cause?.message ?? error.message}`);
  }
  if (!response.ok) throw new Error(`${method} on ${rpcUrl} answered HTTP ${response.status}`);
  const body = await response.json();
  if (body.error) throw new Error(`${method} on ${rpcUrl} failed: ${body.error.message}`);
  return body.result;
}

module.exports = { rpc };
