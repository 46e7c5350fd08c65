'use strict';
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, sleep } = require('./helpers');
const { FloodControl, parseLimit } = require('../lib/ratelimit');

const send = (standin, chatId, text = 'x') => standin.api('sendMessage', { chat_id: chatId, text });
const tooMany = (retryAfter) => ({
  status: 429,
  body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
});

describe('flood limits (tightened by flags)', () => {
  let standin;
  before(async () => {
    standin = await startStandin(['--chat-limit', '2/1000', '--global-limit', '5/1000', '--group-limit', '3/60000']);
  });
  after(() => standin.stop());
  beforeEach(() => standin.control('/reset', {}));

  it('answers 429 with retry_after when one chat gets more than its window allows, and records it', async () => {
    assert.equal((await send(standin, 1)).status, 200);
    assert.equal((await send(standin, 1)).status, 200);
    assert.deepEqual(await send(standin, 1), tooMany(1));
    assert.equal((await send(standin, 2)).status, 200, 'another chat is not held back');
    const { violations } = (await standin.control('/violations')).body;
    assert.equal(violations.length, 1);
    assert.deepEqual({ ...violations[0], time: undefined },
      { time: undefined, method: 'sendMessage', chat_id: 1, rule: 'chat', limit: '2/1000', retry_after: 1 });
    await sleep(1050);
    assert.equal((await send(standin, 1)).status, 200, 'after retry_after the chat accepts again');
    const inChat = (await standin.control('/chats/1/messages')).body.messages;
    assert.equal(inChat.length, 3, 'the refused send left no message');
  });

  it('limits all chats together', async () => {
    for (let chat = 10; chat < 15; chat++) assert.equal((await send(standin, chat)).status, 200);
    assert.deepEqual(await send(standin, 15), tooMany(1));
    assert.equal((await standin.control('/violations')).body.violations[0].rule, 'global');
  });

  it('limits a group chat per minute', async () => {
    await standin.control('/limits', { chat: 'off' });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await send(standin, -100500)).status, 200);
      const refused = await send(standin, -100500);
      assert.equal(refused.status, 429);
      assert.ok(refused.body.parameters.retry_after >= 59 && refused.body.parameters.retry_after <= 60, JSON.stringify(refused.body));
      assert.equal((await standin.control('/violations')).body.violations[0].rule, 'group');
      assert.equal((await send(standin, 77)).status, 200, 'private chats are not under the group limit');
    } finally {
      await standin.control('/limits', { chat: '2/1000' });
    }
  });

  it('counts edits toward the limits unless told not to', async () => {
    const sent = (await send(standin, 3, 'v1')).body.result;
    assert.equal((await standin.api('editMessageText', { chat_id: 3, message_id: sent.message_id, text: 'v2' })).status, 200);
    assert.deepEqual(await standin.api('editMessageText', { chat_id: 3, message_id: sent.message_id, text: 'v3' }), tooMany(1));
    await standin.control('/limits', { count_edits: false });
    try {
      assert.equal((await standin.api('editMessageText', { chat_id: 3, message_id: sent.message_id, text: 'v3' })).status, 200);
    } finally {
      await standin.control('/limits', { count_edits: true });
    }
  });

  it('refuses malformed limits on the control API', async () => {
    const answer = await standin.control('/limits', { chat: '2 per second' });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error, /chat must be COUNT\/WINDOW_MS/);
  });
});

describe('flood limits (defaults)', () => {
  let standin;
  before(async () => { standin = await startStandin(); });
  after(() => standin.stop());

  it('defaults to 30/s overall, bursts of 3 then 1/s per chat, 20/min per group', async () => {
    assert.deepEqual((await standin.control('/info')).body.limits, { global: '30/1000', chat: '3/3000', group: '20/60000', count_edits: true });
  });

  it('lets 30 sends to distinct chats through the global window and refuses the 31st', async () => {
    await standin.control('/reset', {});
    // The default count with a window long enough that the test's own speed cannot matter.
    await standin.control('/limits', { global: '30/60000' });
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(standin, 5000 + i)));
      assert.ok(answers.every((a) => a.status === 200));
      const refused = await send(standin, 6000);
      assert.equal(refused.status, 429);
      assert.equal((await standin.control('/violations')).body.violations[0].rule, 'global');
    } finally {
      await standin.control('/limits', { global: '30/1000' });
    }
  });

  it('lets one message per second into a chat through', async () => {
    await standin.control('/reset', {});
    for (let i = 0; i < 5; i++) {
      assert.equal((await send(standin, 42, `tick ${i}`)).status, 200, `message ${i}`);
      await sleep(1000);
    }
    assert.deepEqual((await standin.control('/violations')).body.violations, []);
  });
});

describe('FloodControl', () => {
  it('computes retry_after from the oldest send in the window', () => {
    const flood = new FloodControl({ global: null, chat: parseLimit('3/3000'), group: null });
    assert.equal(flood.tryAcquire(1, 0), null);
    assert.equal(flood.tryAcquire(1, 100), null);
    assert.equal(flood.tryAcquire(1, 200), null);
    assert.deepEqual(flood.tryAcquire(1, 300), { rule: 'chat', retryAfter: 3, limit: '3/3000' });
    assert.deepEqual(flood.tryAcquire(1, 2500), { rule: 'chat', retryAfter: 1, limit: '3/3000' });
    assert.equal(flood.tryAcquire(1, 3000), null, 'the first send has left the window');
  });

  it('rejects malformed limits with what is wrong', () => {
    assert.throws(() => parseLimit('0/1000', '--chat-limit'), /--chat-limit must be COUNT\/WINDOW_MS/);
    assert.throws(() => parseLimit('abc', '--chat-limit'), /got "abc"/);
    assert.equal(parseLimit('off', '--chat-limit'), null);
  });
});
