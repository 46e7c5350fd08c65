'use strict';
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, startReceiver, sleep } = require('./helpers');

const FAST_RETRY = ['--webhook-retry-ms', '50', '--webhook-retry-max-ms', '200'];
const SECRET = 'wh_Secret-123';

describe('webhook delivery', () => {
  const cleanups = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });
  const setup = async (respond, extraArgs = []) => {
    const receiver = await startReceiver(respond);
    const standin = await startStandin(['--webhook-url', receiver.url, '--webhook-secret', SECRET, ...FAST_RETRY, ...extraArgs]);
    cleanups.push(() => receiver.close(), () => standin.stop());
    return { receiver, standin };
  };

  it('POSTs a typed message as an Update with the secret header', async () => {
    const { receiver, standin } = await setup();
    const before = Math.floor(Date.now() / 1000);
    const sent = (await standin.control('/send', { chat_id: 1001, from_id: 1001, text: '/buy 0.5 ETH', first_name: 'Alice', username: 'alice' })).body;
    const [request] = await receiver.waitFor(1);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['x-telegram-bot-api-secret-token'], SECRET);
    assert.equal(request.headers['content-type'], 'application/json');
    const update = request.body;
    assert.equal(update.update_id, sent.update_id);
    assert.ok(update.message.date >= before);
    assert.deepEqual({ ...update.message, date: 0 }, {
      message_id: sent.message_id,
      from: { id: 1001, is_bot: false, first_name: 'Alice', username: 'alice' },
      chat: { id: 1001, first_name: 'Alice', username: 'alice', type: 'private' },
      date: 0,
      text: '/buy 0.5 ETH',
      entities: [{ type: 'bot_command', offset: 0, length: 4 }],
    });
  });

  it('gives group messages a group chat and marks /command@bot', async () => {
    const { receiver, standin } = await setup();
    await standin.control('/send', { chat_id: -4001, from_id: 7, text: 'hi /status@chaintrader_bot', chat_type: 'group', chat_title: 'Desk' });
    const [request] = await receiver.waitFor(1);
    assert.deepEqual(request.body.message.chat, { id: -4001, title: 'Desk', type: 'group' });
    assert.deepEqual(request.body.message.entities, [{ type: 'bot_command', offset: 3, length: 23 }]);
  });

  it('keeps a failing update pending, retries it with the error visible in getWebhookInfo, and delivers in order', async () => {
    const { receiver, standin } = await setup((request, index) => ({ status: index < 2 ? 500 : 200 }));
    const first = (await standin.control('/send', { chat_id: 5, from_id: 5, text: 'one', wait: true })).body;
    assert.deepEqual({ ...first.delivery, duration_ms: 0 },
      { delivered: false, status: 500, body: '', error: 'Wrong response from the webhook: 500 Internal Server Error', attempts: 1, duration_ms: 0 });
    const info = (await standin.api('getWebhookInfo')).body.result;
    assert.equal(info.pending_update_count, 1);
    assert.equal(info.last_error_message, 'Wrong response from the webhook: 500 Internal Server Error');
    assert.ok(Math.abs(info.last_error_date - Date.now() / 1000) < 5);
    const second = (await standin.control('/send', { chat_id: 5, from_id: 5, text: 'two' })).body;
    const requests = await receiver.waitFor(4);
    assert.deepEqual(requests.map((r) => r.body.update_id), [first.update_id, first.update_id, first.update_id, second.update_id]);
    await sleep(50);
    assert.equal((await standin.api('getWebhookInfo')).body.result.pending_update_count, 0);
    const deliveries = (await standin.control('/deliveries')).body.deliveries;
    assert.deepEqual(deliveries.map((d) => [d.update_id, d.attempt, d.status]),
      [[first.update_id, 1, 500], [first.update_id, 2, 500], [first.update_id, 3, 200], [second.update_id, 1, 200]]);
  });

  it('reports a refused connection and delivers as soon as a working webhook is set', async () => {
    const { standin } = await setup();
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    await standin.api('setWebhook', { url: deadUrl, secret_token: SECRET });
    const sent = (await standin.control('/send', { chat_id: 6, from_id: 6, text: 'hello?', wait: true })).body;
    assert.equal(sent.delivery.delivered, false);
    assert.equal(sent.delivery.error, 'Connection refused');
    assert.equal((await standin.api('getWebhookInfo')).body.result.last_error_message, 'Connection refused');
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    await standin.api('setWebhook', { url: receiver.url, secret_token: 'another_secret' });
    const [request] = await receiver.waitFor(1);
    assert.equal(request.body.update_id, sent.update_id);
    assert.equal(request.headers['x-telegram-bot-api-secret-token'], 'another_secret');
  });

  it('gives up on a slow webhook after the timeout and retries', async () => {
    const { receiver, standin } = await setup((request, index) => ({ status: 200, delayMs: index === 0 ? 1000 : 0 }), ['--webhook-timeout-ms', '300']);
    const sent = (await standin.control('/send', { chat_id: 8, from_id: 8, text: 'slow', wait: true })).body;
    assert.equal(sent.delivery.error, 'Read timeout expired');
    await receiver.waitFor(2);
    assert.equal(receiver.requests[1].body.update_id, sent.update_id);
  });

  it('turns a button press into a callback_query carrying the bot message', async () => {
    const { receiver, standin } = await setup();
    const quote = (await standin.api('sendMessage', {
      chat_id: 1001, text: 'Buy 0.5 ETH for <b>1500 USDC</b>?', parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'Confirm', callback_data: 'confirm:q1' }, { text: 'Cancel', callback_data: 'cancel:q1' }]] },
    })).body.result;
    const press = (await standin.control('/press', { chat_id: 1001, from_id: 1001, message_id: quote.message_id, data: 'confirm:q1', first_name: 'Alice' })).body;
    const [request] = await receiver.waitFor(1);
    const query = request.body.callback_query;
    assert.equal(request.body.update_id, press.update_id);
    assert.equal(query.id, press.callback_query_id);
    assert.deepEqual(query.from, { id: 1001, is_bot: false, first_name: 'Alice', username: 'user1001' });
    assert.deepEqual(query.message, quote);
    assert.match(query.chat_instance, /^-?\d+$/);
    assert.equal(query.data, 'confirm:q1');
    assert.deepEqual(await standin.api('answerCallbackQuery', { callback_query_id: query.id, text: 'Submitting' }), { status: 200, body: { ok: true, result: true } });

    const missing = await standin.control('/press', { chat_id: 1001, from_id: 1001, message_id: quote.message_id, data: 'forged' });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error, /has no button with callback_data "forged"/);
    const noMessage = await standin.control('/press', { chat_id: 1001, from_id: 1001, message_id: 999, data: 'confirm:q1' });
    assert.equal(noMessage.status, 404);
  });

  it('delivers raw updates as given, the same update_id as often as asked', async () => {
    const { receiver, standin } = await setup();
    const update = { update_id: 77, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 'dup' } };
    for (let i = 0; i < 3; i++) assert.deepEqual((await standin.control('/deliver', { update })).body, { update_id: 77 });
    const requests = await receiver.waitFor(3);
    assert.deepEqual(requests.map((r) => r.body), [update, update, update]);
    const bad = await standin.control('/deliver', { update: { message: {} } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /integer update_id/);
  });

  it('shows what the webhook answered when asked to wait', async () => {
    const { standin } = await setup((request) => (request.headers['x-telegram-bot-api-secret-token'] === 'right'
      ? { status: 200, body: { ok: true } } : { status: 401, body: { error: 'bad secret' } }));
    const wrong = (await standin.control('/deliver', { update: { update_id: 5 }, wait: true })).body.delivery;
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body, '{"error":"bad secret"}');
    await standin.api('setWebhook', { url: (await standin.api('getWebhookInfo')).body.result.url, secret_token: 'right', drop_pending_updates: true });
    const right = (await standin.control('/deliver', { update: { update_id: 6 }, wait: true })).body.delivery;
    assert.equal(right.status, 200);
    assert.equal(right.delivered, true);
  });

  it('runs a method the webhook returns in its answer, as Telegram does', async () => {
    const { receiver, standin } = await setup((request) => ({
      status: 200, body: { method: 'sendMessage', chat_id: request.body.message.chat.id, text: 'pong' },
    }));
    await standin.control('/send', { chat_id: 12, from_id: 12, text: 'ping' });
    await receiver.waitFor(1);
    await sleep(100);
    const messages = (await standin.control('/chats/12/messages')).body.messages;
    assert.deepEqual(messages.map((m) => [m.sender, m.text]), [['user', 'ping'], ['bot', 'pong']]);
    const [call] = (await standin.control('/calls?method=sendMessage')).body.calls;
    assert.equal(call.via, 'webhook-reply');
  });

  it('does not queue update types the webhook excluded with allowed_updates', async () => {
    const { receiver, standin } = await setup();
    await standin.api('setWebhook', { url: receiver.url, allowed_updates: ['callback_query'] });
    const sent = (await standin.control('/send', { chat_id: 13, from_id: 13, text: 'ignored' })).body;
    assert.match(sent.skipped, /allowed_updates/);
    assert.equal((await standin.api('getWebhookInfo')).body.result.pending_update_count, 0);
  });
});
