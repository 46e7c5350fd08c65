'use strict';
const http = require('node:http');

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_KEPT = 10000;
const MAX_WEBHOOK_ANSWER_BYTES = 1024 * 1024;

/** Why a webhook URL cannot be used, or null. The stand-in never sends traffic off this machine. */
function webhookUrlProblem(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'bad webhook: invalid URL';
  }
  if (parsed.protocol !== 'http:') return 'bad webhook: the stand-in delivers over http:// only';
  if (!LOCAL_HOSTS.has(parsed.hostname)) return 'bad webhook: the stand-in delivers only to 127.0.0.1, localhost or [::1]';
  return null;
}

const updateType = (update) => Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';

/**
 * Pending updates, in order, and their delivery: POSTed one at a time to the webhook (so the bot
 * sees them in order, as Telegram promises), retried with doubling delays while the webhook fails,
 * or handed out by getUpdates while no webhook is set.
 */
class UpdateQueue {
  constructor({ retryMs, retryMaxMs, timeoutMs, log, onWebhookReply }) {
    Object.assign(this, { retryMs, retryMaxMs, timeoutMs, log, onWebhookReply });
    this.queue = [];           // { update, waiters: [resolve], attempts }
    this.deliveries = [];      // every attempt, for tests
    this.webhook = null;       // { url, secret, maxConnections, allowedUpdates }
    this.lastError = null;     // { date, message }
    this.failures = 0;
    this.pumping = false;
    this.closed = false;
    this.wake = null;
    this.inflight = null;
    this.pollers = new Set();
  }

  get pendingCount() {
    return this.queue.length;
  }

  setWebhook(webhook, { dropPending = false } = {}) {
    this.webhook = webhook;
    if (dropPending) this.dropPending('pending updates dropped by setWebhook/deleteWebhook');
    this.failures = 0;
    this.kick();
  }

  dropPending(reason) {
    for (const item of this.queue) this.settle(item, { delivered: false, reason });
    this.queue = [];
  }

  reset(webhook) {
    this.dropPending('the stand-in was reset');
    this.deliveries = [];
    this.lastError = null;
    this.setWebhook(webhook);
  }

  close() {
    this.closed = true;
    this.dropPending('the stand-in stopped');
    if (this.inflight) this.inflight.destroy();
    this.wakeUp();
    for (const poller of this.pollers) poller();
  }

  /** Queues an update; resolves after its first delivery attempt (or at once when nothing will deliver it now). */
  enqueue(update) {
    const item = { update, waiters: [], attempts: 0 };
    const firstAttempt = new Promise((resolve) => item.waiters.push(resolve));
    this.queue.push(item);
    if (!this.webhook) {
      this.settle(item, { delivered: false, reason: 'no webhook is set: the update waits for getUpdates' });
      for (const poller of this.pollers) poller();
    }
    this.kick();
    return firstAttempt;
  }

  settle(item, outcome) {
    const waiters = item.waiters;
    item.waiters = [];
    for (const resolve of waiters) resolve(outcome);
  }

  kick() {
    this.wakeUp();
    if (!this.pumping) this.pump();
  }

  wakeUp() {
    if (this.wake) {
      const wake = this.wake;
      this.wake = null;
      wake();
    }
  }

  async pump() {
    this.pumping = true;
    try {
      while (!this.closed && this.webhook && this.queue.length > 0) {
        const item = this.queue[0];
        const webhook = this.webhook;
        const attempt = await this.post(webhook, item.update);
        item.attempts++;
        this.deliveries.push({
          update_id: item.update.update_id, attempt: item.attempts, time: new Date().toISOString(),
          url: webhook.url, status: attempt.status, ok: attempt.ok, error: attempt.error, duration_ms: attempt.durationMs,
        });
        if (this.deliveries.length > MAX_KEPT) this.deliveries.shift();
        this.log(`webhook update ${item.update.update_id} attempt ${item.attempts}: ${attempt.ok ? attempt.status : attempt.error}`);
        this.settle(item, {
          delivered: attempt.ok, status: attempt.status, body: attempt.body, error: attempt.error,
          attempts: item.attempts, duration_ms: attempt.durationMs,
        });
        if (attempt.ok) {
          if (this.queue[0] === item) this.queue.shift();
          this.failures = 0;
          if (attempt.reply) this.onWebhookReply(attempt.reply);
          continue;
        }
        this.lastError = { date: Math.floor(Date.now() / 1000), message: attempt.error };
        this.failures++;
        const delay = Math.min(this.retryMs * 2 ** (this.failures - 1), this.retryMaxMs);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => { clearTimeout(timer); resolve(); };
        });
        this.wake = null;
      }
    } finally {
      this.pumping = false;
    }
  }

  post(webhook, update) {
    const body = Buffer.from(JSON.stringify(update));
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    if (webhook.secret) headers['x-telegram-bot-api-secret-token'] = webhook.secret;
    const started = Date.now();
    return new Promise((resolve) => {
      const finish = (outcome) => {
        this.inflight = null;
        resolve({ ...outcome, durationMs: Date.now() - started });
      };
      const req = http.request(webhook.url, { method: 'POST', headers, timeout: this.timeoutMs }, (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
          size += chunk.length;
          if (size <= MAX_WEBHOOK_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const ok = res.statusCode >= 200 && res.statusCode < 300;
          finish({
            ok,
            status: res.statusCode,
            body: text,
            error: ok ? null : `Wrong response from the webhook: ${res.statusCode} ${res.statusMessage}`,
            reply: ok ? webhookReply(res.headers['content-type'], text) : null,
          });
        });
        res.on('error', (err) => finish({ ok: false, status: res.statusCode, body: null, error: err.message }));
      });
      this.inflight = req;
      req.on('timeout', () => req.destroy(new Error('Read timeout expired')));
      req.on('error', (err) => finish({ ok: false, status: null, body: null, error: describeConnectError(err) }));
      req.end(body);
    });
  }

  /** getUpdates: confirms updates below `offset`, then returns up to `limit`, waiting up to `timeoutS` for one. */
  async poll({ offset, limit, timeoutS }) {
    if (offset !== undefined) {
      if (offset < 0) {
        this.queue = this.queue.slice(Math.max(0, this.queue.length + offset));
      } else {
        this.queue = this.queue.filter((item) => item.update.update_id >= offset);
      }
    }
    if (this.queue.length === 0 && timeoutS > 0 && !this.closed) {
      await new Promise((resolve) => {
        const done = () => { clearTimeout(timer); this.pollers.delete(done); resolve(); };
        const timer = setTimeout(done, timeoutS * 1000);
        this.pollers.add(done);
      });
    }
    return this.queue.slice(0, limit).map((item) => item.update);
  }

  info() {
    const info = { url: this.webhook ? this.webhook.url : '', has_custom_certificate: false, pending_update_count: this.queue.length };
    if (this.webhook) {
      info.max_connections = this.webhook.maxConnections;
      if (this.webhook.allowedUpdates) info.allowed_updates = this.webhook.allowedUpdates;
    }
    if (this.lastError) {
      info.last_error_date = this.lastError.date;
      info.last_error_message = this.lastError.message;
    }
    return info;
  }

  accepts(update) {
    const allowed = this.webhook?.allowedUpdates;
    return !allowed || allowed.length === 0 || allowed.includes(updateType(update));
  }
}

// Telegram lets a webhook answer with a method call in its response body.
function webhookReply(contentType, text) {
  if (!contentType || !contentType.includes('application/json') || text.trim() === '') return null;
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof parsed.method === 'string') {
      const { method, ...params } = parsed;
      return { method, params };
    }
  } catch {
    // A non-JSON 2xx answer is a plain acknowledgement.
  }
  return null;
}

function describeConnectError(err) {
  if (err.code === 'ECONNREFUSED') return 'Connection refused';
  if (err.code === 'ECONNRESET') return 'Connection reset by peer';
  return err.message;
}

module.exports = { UpdateQueue, webhookUrlProblem };
