'use strict';
const { parseLimit } = require('./ratelimit');

const USAGE = `usage: node server.js --token TOKEN [options]
  --port N                      port on 127.0.0.1 (default 0: a free port)
  --bot-username NAME           the bot's username (default chaintrader_bot)
  --bot-name NAME               the bot's first_name (default ChainTrader)
  --webhook-url URL             deliver updates to this http://127.0.0.1 / localhost URL from the start
  --webhook-secret SECRET       sent as X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)
  --global-limit C/MS|off       sends+edits over all chats (default 30/1000)
  --chat-limit C/MS|off         per chat (default 3/3000: 1 msg/s on average, bursts of 3)
  --group-limit C/MS|off        per group chat, i.e. negative chat ids (default 20/60000)
  --count-edits true|false      edits count toward the limits (default true)
  --webhook-retry-ms N          first retry delay after a failed delivery (default 500, doubling)
  --webhook-retry-max-ms N      longest retry delay (default 10000)
  --webhook-timeout-ms N        how long to wait for the webhook's answer (default 10000)
  --callback-timeout-ms N       answerCallbackQuery refused after this (default 15000, 0 = never)
  --first-update-id N           first update_id (default derived from the clock, so ids grow across restarts)
  --ignore-stdin                keep running when stdin closes (default: stop, the parent has gone)`;

const positiveInt = (value, name, { allowZero = false } = {}) => {
  if (!/^\d+$/.test(value) || (!allowZero && Number(value) === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  }
  return Number(value);
};

const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

function parseArgs(argv) {
  const options = {
    token: null,
    port: 0,
    botUsername: 'chaintrader_bot',
    botName: 'ChainTrader',
    webhookUrl: null,
    webhookSecret: null,
    limits: { global: parseLimit('30/1000'), chat: parseLimit('3/3000'), group: parseLimit('20/60000'), countEdits: true },
    webhookRetryMs: 500,
    webhookRetryMaxMs: 10000,
    webhookTimeoutMs: 10000,
    callbackTimeoutMs: 15000,
    // Seconds since 2023-11-14 times ten: a restarted stand-in keeps update_ids above the ones a
    // bot has already stored for de-duplication, and stays inside 32 bits until 2030.
    firstUpdateId: (Math.floor(Date.now() / 1000) - 1_700_000_000) * 10,
    ignoreStdin: false,
  };
  const flags = {
    '--token': (v) => { options.token = v; },
    '--port': (v) => { options.port = positiveInt(v, '--port', { allowZero: true }); },
    '--bot-username': (v) => {
      if (!/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v)) throw new Error(`--bot-username must be 4-32 of A-Z a-z 0-9 _, got "${v}"`);
      options.botUsername = v;
    },
    '--bot-name': (v) => { options.botName = v; },
    '--webhook-url': (v) => { options.webhookUrl = v; },
    '--webhook-secret': (v) => {
      if (!SECRET_PATTERN.test(v)) throw new Error('--webhook-secret must be 1-256 characters of A-Z a-z 0-9 _ -');
      options.webhookSecret = v;
    },
    '--global-limit': (v) => { options.limits.global = parseLimit(v, '--global-limit'); },
    '--chat-limit': (v) => { options.limits.chat = parseLimit(v, '--chat-limit'); },
    '--group-limit': (v) => { options.limits.group = parseLimit(v, '--group-limit'); },
    '--count-edits': (v) => {
      if (v !== 'true' && v !== 'false') throw new Error(`--count-edits must be true or false, got "${v}"`);
      options.limits.countEdits = v === 'true';
    },
    '--webhook-retry-ms': (v) => { options.webhookRetryMs = positiveInt(v, '--webhook-retry-ms'); },
    '--webhook-retry-max-ms': (v) => { options.webhookRetryMaxMs = positiveInt(v, '--webhook-retry-max-ms'); },
    '--webhook-timeout-ms': (v) => { options.webhookTimeoutMs = positiveInt(v, '--webhook-timeout-ms'); },
    '--callback-timeout-ms': (v) => { options.callbackTimeoutMs = positiveInt(v, '--callback-timeout-ms', { allowZero: true }); },
    '--first-update-id': (v) => { options.firstUpdateId = positiveInt(v, '--first-update-id'); },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ignore-stdin') { options.ignoreStdin = true; continue; }
    if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const apply = flags[flag];
    if (!apply) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    apply(value);
  }
  if (!options.token) throw new Error(`--token is required\n${USAGE}`);
  if (options.webhookSecret && !options.webhookUrl) throw new Error('--webhook-secret needs --webhook-url');
  if (options.webhookRetryMaxMs < options.webhookRetryMs) {
    throw new Error('--webhook-retry-max-ms must be at least --webhook-retry-ms');
  }
  return options;
}

module.exports = { parseArgs, SECRET_PATTERN };
