'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { NOT_FOUND } = require('./standin');
const { parseLimit } = require('./ratelimit');

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const PUBLIC_DIR = path.join(__dirname, '..', 'public');
const STATIC_FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/chat.js': ['chat.js', 'text/javascript; charset=utf-8'],
  '/chat.css': ['chat.css', 'text/css; charset=utf-8'],
};
// The page loads nothing from elsewhere and runs no inline script, so even a rendering bug could not run the bot's text.
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

class RequestError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RequestError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Bot API parameters: query string, then a JSON or urlencoded body, like Telegram accepts them. */
async function botParams(req, url) {
  const params = Object.fromEntries(url.searchParams);
  const text = await readBody(req);
  if (text.trim() === '') return params;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RequestError(400, "Bad Request: can't parse JSON request body");
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new RequestError(400, 'Bad Request: the JSON request body must be an object');
    }
    return { ...params, ...parsed };
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { ...params, ...Object.fromEntries(new URLSearchParams(text)) };
  }
  throw new RequestError(400, `Bad Request: the Telegram stand-in accepts application/json or application/x-www-form-urlencoded bodies, got ${type}`);
}

const tokensMatch = (given, expected) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

// ---- control API ---------------------------------------------------------------------------------

function controlError(status, message) {
  return new RequestError(status, message);
}

function requireInteger(body, name, { positive = false, nonZero = false } = {}) {
  const value = body[name];
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (!Number.isSafeInteger(number)) throw controlError(400, `${name} must be an integer, got ${JSON.stringify(value)}`);
  if (positive && number <= 0) throw controlError(400, `${name} must be a positive integer, got ${number}`);
  if (nonZero && number === 0) throw controlError(400, `${name} must not be 0`);
  return number;
}

function optionalString(body, name, { max = 64 } = {}) {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max) throw controlError(400, `${name} must be a string of at most ${max} characters`);
  return value;
}

async function parseControlBody(req) {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through to the error below
  }
  throw controlError(400, 'the request body must be a JSON object');
}

async function enqueueAndAnswer(standin, update, wait, extra) {
  if (!standin.updates.accepts(update)) {
    return { update_id: update.update_id, ...extra, skipped: 'the update type is not in the webhook\'s allowed_updates' };
  }
  const firstAttempt = standin.updates.enqueue(update);
  standin.touch();
  const answer = { update_id: update.update_id, ...extra };
  if (wait) answer.delivery = await firstAttempt;
  return answer;
}

const CONTROL_ROUTES = [
  ['POST', /^\/send$/, async (standin, body) => {
    const chatId = requireInteger(body, 'chat_id', { nonZero: true });
    const fromId = requireInteger(body, 'from_id', { positive: true });
    if (typeof body.text !== 'string' || body.text.trim() === '') throw controlError(400, 'text must be a non-empty string');
    if (body.text.length > 4096) throw controlError(400, 'text must be at most 4096 characters');
    const chatType = optionalString(body, 'chat_type');
    if (chatId > 0) {
      if (chatType !== undefined && chatType !== 'private') throw controlError(400, `a positive chat_id is a private chat; chat_type "${chatType}" needs a negative chat_id`);
      if (chatId !== fromId) throw controlError(400, `in a private chat chat_id must equal from_id (chat_id ${chatId}, from_id ${fromId})`);
    } else if (chatType !== undefined && chatType !== 'group' && chatType !== 'supergroup') {
      throw controlError(400, `chat_type for a negative chat_id must be "group" or "supergroup", got "${chatType}"`);
    }
    const { update, messageId } = standin.userMessage({
      chatId, fromId, text: body.text, chatType,
      firstName: optionalString(body, 'first_name'), username: optionalString(body, 'username', { max: 32 }),
      chatTitle: optionalString(body, 'chat_title', { max: 128 }),
    });
    return enqueueAndAnswer(standin, update, body.wait === true, { message_id: messageId });
  }],
  ['POST', /^\/press$/, async (standin, body) => {
    const chatId = requireInteger(body, 'chat_id', { nonZero: true });
    const fromId = requireInteger(body, 'from_id', { positive: true });
    const messageId = requireInteger(body, 'message_id', { positive: true });
    if (typeof body.data !== 'string' || body.data === '') throw controlError(400, 'data must be the non-empty callback_data of a button');
    const press = standin.buttonPress({
      chatId, fromId, messageId, data: body.data,
      firstName: optionalString(body, 'first_name'), username: optionalString(body, 'username', { max: 32 }),
    });
    if (press.error) throw controlError(press.status, press.error);
    return enqueueAndAnswer(standin, press.update, body.wait === true, { callback_query_id: press.callbackQueryId });
  }],
  ['POST', /^\/deliver$/, async (standin, body) => {
    const update = body.update;
    if (!update || typeof update !== 'object' || Array.isArray(update) || !Number.isSafeInteger(update.update_id)) {
      throw controlError(400, 'update must be an Update object with an integer update_id');
    }
    const firstAttempt = standin.updates.enqueue(update);
    const answer = { update_id: update.update_id };
    if (body.wait === true) answer.delivery = await firstAttempt;
    return answer;
  }],
  ['GET', /^\/calls$/, (standin, body, url) => {
    const method = url.searchParams.get('method');
    const chatId = url.searchParams.get('chat_id');
    const since = Number(url.searchParams.get('since') ?? 0);
    const calls = standin.calls.filter((call) => (!method || call.method.toLowerCase() === method.toLowerCase())
      && (chatId === null || String(call.params?.chat_id) === chatId)
      && call.seq > since);
    return { calls };
  }],
  ['GET', /^\/commands$/, (standin, body, url) => {
    const chatId = Number(url.searchParams.get('chat_id'));
    const userId = Number(url.searchParams.get('user_id') ?? chatId);
    if (!Number.isSafeInteger(chatId) || chatId === 0) throw controlError(400, 'chat_id must be a non-zero integer');
    if (!Number.isSafeInteger(userId) || userId <= 0) throw controlError(400, 'user_id must be a positive integer');
    return standin.effectiveCommands(chatId, userId);
  }],
  ['GET', /^\/violations$/, (standin) => ({ violations: standin.violations })],
  ['GET', /^\/deliveries$/, (standin) => ({ deliveries: standin.updates.deliveries })],
  ['GET', /^\/chats$/, (standin) => ({
    chats: [...standin.chats.values()].map((chat) => ({ ...chat.info, message_count: chat.messages.size })),
  })],
  ['GET', /^\/chats\/(-?\d+)\/messages$/, (standin, body, url, match) => standin.conversation(Number(match[1]))],
  ['GET', /^\/info$/, (standin) => ({
    bot: standin.bot,
    webhook: { ...standin.updates.info(), secret_set: Boolean(standin.updates.webhook?.secret) },
    limits: standin.flood.describe(),
    commands: standin.commands.get(JSON.stringify([{ type: 'default' }, ''])) ?? [],
    version: standin.version,
  })],
  ['POST', /^\/limits$/, (standin, body) => {
    const change = {};
    for (const rule of ['global', 'chat', 'group']) {
      if (body[rule] !== undefined) {
        try {
          change[rule] = parseLimit(String(body[rule]), rule);
        } catch (err) {
          throw controlError(400, err.message);
        }
      }
    }
    if (body.count_edits !== undefined) {
      if (typeof body.count_edits !== 'boolean') throw controlError(400, 'count_edits must be true or false');
      change.countEdits = body.count_edits;
    }
    standin.flood.configure(change);
    return { limits: standin.flood.describe() };
  }],
  ['POST', /^\/chats\/(-\d+)\/migrate$/, (standin, body, url, match) => {
    const chatId = Number(match[1]);
    const toChatId = body.to_chat_id;
    if (!Number.isSafeInteger(toChatId) || toChatId >= 0 || toChatId === chatId) {
      throw controlError(400, 'to_chat_id must be a negative integer other than the group\'s own id');
    }
    standin.migrateChat(chatId, toChatId);
    return { ok: true };
  }],
  ['POST', /^\/reset$/, (standin) => {
    standin.reset();
    return { ok: true };
  }],
];

async function handleControl(standin, req, res, url) {
  const route = url.pathname.slice('/_standin'.length);
  for (const [method, pattern, handler] of CONTROL_ROUTES) {
    const match = pattern.exec(route);
    if (!match) continue;
    if (req.method !== method) throw controlError(405, `${route} answers ${method} only`);
    const body = method === 'POST' ? await parseControlBody(req) : {};
    sendJson(res, 200, await handler(standin, body, url, match));
    return;
  }
  throw controlError(404, `no control route ${req.method} ${url.pathname}`);
}

// ---- the HTTP entry point --------------------------------------------------------------------------

function createHandler(standin) {
  const files = Object.fromEntries(Object.entries(STATIC_FILES)
    .map(([route, [file, type]]) => [route, { type, content: fs.readFileSync(path.join(PUBLIC_DIR, file)) }]));

  return async function handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const isControl = url.pathname === '/_standin' || url.pathname.startsWith('/_standin/');
    try {
      if (req.method === 'GET' && files[url.pathname]) {
        const { type, content } = files[url.pathname];
        res.writeHead(200, { 'content-type': type, 'content-security-policy': PAGE_POLICY, 'cache-control': 'no-store' });
        res.end(content);
        return;
      }
      if (isControl) {
        await handleControl(standin, req, res, url);
        return;
      }
      const match = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
      if (!match) {
        sendJson(res, 404, NOT_FOUND);
        return;
      }
      if (!tokensMatch(decodeURIComponent(match[1]), standin.options.token)) {
        const body = { ok: false, error_code: 401, description: 'Unauthorized' };
        standin.record({ method: match[2], params: Object.fromEntries(url.searchParams), via: 'http', status: 401, body });
        sendJson(res, 401, body);
        return;
      }
      const params = await botParams(req, url);
      const { status, body } = await standin.call(match[2], params);
      sendJson(res, status, body);
    } catch (err) {
      if (!(err instanceof RequestError)) {
        standin.log(`internal error on ${req.method} ${url.pathname}: ${err.stack}`);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        return;
      }
      if (isControl) sendJson(res, err.status, { error: err.message });
      else sendJson(res, err.status, { ok: false, error_code: err.status, description: err.message });
    }
  };
}

module.exports = { createHandler };
