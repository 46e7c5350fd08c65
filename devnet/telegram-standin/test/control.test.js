'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startStandin } = require('./helpers');

const SERVER = path.join(__dirname, '..', 'server.js');

describe('process lifecycle', () => {
  it('prints one READY line with the URLs on 127.0.0.1', async () => {
    const standin = await startStandin();
    try {
      assert.match(standin.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(standin.chatUrl, `${standin.baseUrl}/`);
      assert.equal(standin.controlUrl, `${standin.baseUrl}/_standin`);
    } finally {
      await standin.stop();
    }
  });

  it('stops when stdin closes (the parent has gone)', async () => {
    const standin = await startStandin();
    standin.child.stdin.end();
    assert.deepEqual(await standin.exited, { code: 0, signal: null });
    assert.match(standin.stderr(), /stopping \(stdin closed\)/);
  });

  it('stops on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const standin = await startStandin();
      standin.child.kill(signal);
      assert.deepEqual(await standin.exited, { code: 0, signal: null });
    }
  });

  it('refuses bad arguments with what is wrong, and never logs the token', async () => {
    const run = (...args) => spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', input: '' });
    const missing = run();
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--token is required/);
    assert.match(run('--token', 't', '--chat-limit', 'fast').stderr, /--chat-limit must be COUNT\/WINDOW_MS/);
    assert.match(run('--token', 't', '--webhook-url', 'http://8.8.8.8/hook').stderr, /only to 127.0.0.1, localhost or \[::1\]/);
    assert.match(run('--token', 't', '--webhook-url', 'http://127.0.0.1:1/h', '--webhook-secret', 'no spaces allowed').stderr, /--webhook-secret must be/);
    assert.match(run('--token', 't', '--bogus').stderr, /unknown argument "--bogus"/);

    const standin = await startStandin(['--webhook-url', 'http://127.0.0.1:9/h', '--webhook-secret', 'TopSecret_1'], { token: '999:VerySecretToken' });
    await standin.api('sendMessage', { chat_id: 1, text: 'x' });
    await standin.stop();
    assert.equal(standin.stderr().includes('VerySecretToken'), false);
    assert.equal(standin.stderr().includes('TopSecret_1'), false);
  });
});

describe('control API and chat page', () => {
  let standin;
  before(async () => { standin = await startStandin(['--first-update-id', '500']); });
  after(() => standin.stop());

  it('serves a self-contained chat page with the stable element ids', async () => {
    const page = await fetch(standin.chatUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /text\/html/);
    assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
    const html = await page.text();
    for (const id of ['user-id', 'chat-id', 'message-input', 'send-button', 'messages']) assert.match(html, new RegExp(`id="${id}"`));
    assert.equal(/(src|href)="(https?:)?\/\//.test(html), false, 'no external assets');
    const script = await (await fetch(`${standin.baseUrl}/chat.js`)).text();
    for (const name of ['bot-message', 'inline-button', "'/press'", '/_standin']) assert.ok(script.includes(name), name);
    assert.equal((await fetch(`${standin.baseUrl}/chat.css`)).status, 200);
  });

  it('refuses malformed control requests with a specific error and changes nothing', async () => {
    await standin.control('/reset', {});
    const cases = [
      [{ chat_id: 5, from_id: 6, text: 'x' }, /in a private chat chat_id must equal from_id/],
      [{ chat_id: 5, from_id: 5, text: '' }, /text must be a non-empty string/],
      [{ chat_id: 'five', from_id: 5, text: 'x' }, /chat_id must be an integer/],
      [{ chat_id: -5, from_id: 0, text: 'x' }, /from_id must be a positive integer/],
      [{ chat_id: -5, from_id: 5, text: 'x', chat_type: 'channel' }, /chat_type for a negative chat_id/],
      [{ chat_id: 5, from_id: 5, text: 'x'.repeat(4097) }, /at most 4096/],
    ];
    for (const [body, pattern] of cases) {
      const answer = await standin.control('/send', body);
      assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 60));
      assert.match(answer.body.error, pattern);
    }
    const notJson = await fetch(`${standin.controlUrl}/send`, { method: 'POST', body: '{nope' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await notJson.json(), { error: 'the request body must be a JSON object' });
    assert.equal((await standin.control('/nothing')).status, 404);
    assert.equal((await fetch(`${standin.controlUrl}/send`)).status, 405);
    assert.deepEqual((await standin.control('/chats')).body.chats, []);
  });

  it('shows the conversation as the chat does and filters recorded calls', async () => {
    await standin.control('/reset', {});
    const user = (await standin.control('/send', { chat_id: 21, from_id: 21, text: '/quote 1 ETH' })).body;
    const quote = (await standin.api('sendMessage', {
      chat_id: 21, parse_mode: 'HTML', text: '<b>1 ETH</b> = 3000 USDC <script>',
      reply_markup: { inline_keyboard: [[{ text: 'Buy', callback_data: 'buy' }], [{ text: 'Docs', url: 'https://example.org' }]] },
    }));
    assert.equal(quote.status, 400, '<script> is not a Telegram tag');
    const sent = (await standin.api('sendMessage', {
      chat_id: 21, parse_mode: 'HTML', text: '<b>1 ETH</b> = 3000 USDC &lt;script&gt;',
      reply_markup: { inline_keyboard: [[{ text: 'Buy', callback_data: 'buy' }], [{ text: 'Docs', url: 'https://example.org' }]] },
    })).body.result;
    const view = (await standin.control('/chats/21/messages')).body;
    assert.deepEqual(view.chat, { id: 21, first_name: 'User 21', username: 'user21', type: 'private' });
    assert.deepEqual(view.messages.map((m) => [m.message_id, m.sender, m.html]), [
      [user.message_id, 'user', '<span class="bot-command">/quote</span> 1 ETH'],
      [sent.message_id, 'bot', '<b>1 ETH</b> = 3000 USDC &lt;script&gt;'],
    ]);
    assert.deepEqual(view.messages[1].buttons, [[{ text: 'Buy', callback_data: 'buy' }], [{ text: 'Docs', url: 'https://example.org/' }]]);
    assert.deepEqual((await standin.control('/chats')).body.chats, [{ id: 21, first_name: 'User 21', username: 'user21', type: 'private', message_count: 2 }]);

    const all = (await standin.control('/calls')).body.calls;
    const since = (await standin.control(`/calls?since=${all[0].seq}`)).body.calls;
    assert.deepEqual(since.map((c) => c.seq), all.slice(1).map((c) => c.seq));
  });

  it('shows each user the command menu Telegram would: the most specific scope with a list wins', async () => {
    await standin.control('/reset', {});
    const menu = (...names) => names.map((name) => ({ command: name, description: `About ${name}` }));
    await standin.api('setMyCommands', { commands: menu('start', 'help') });
    await standin.api('setMyCommands', { commands: menu('start', 'buy'), scope: { type: 'chat', chat_id: 31 } });
    await standin.api('setMyCommands', { commands: menu('start', 'buy', 'config'), scope: { type: 'chat', chat_id: 32 } });
    await standin.api('setMyCommands', { commands: menu('start', 'buy', 'config'), scope: { type: 'chat_member', chat_id: -700, user_id: 32 } });
    const seen = async (chatId, userId) => (await standin.control(`/commands?chat_id=${chatId}&user_id=${userId}`)).body;

    assert.deepEqual((await seen(31, 31)).commands.map((c) => c.command), ['start', 'buy']);
    assert.deepEqual((await seen(32, 32)).scope, { type: 'chat', chat_id: 32 });
    assert.deepEqual((await seen(33, 33)).commands.map((c) => c.command), ['start', 'help'], 'a stranger gets the default');
    assert.deepEqual((await seen(-700, 32)).commands.map((c) => c.command), ['start', 'buy', 'config'], 'the admin in the admin group');
    assert.deepEqual((await seen(-700, 31)).scope, { type: 'default' }, 'another member of that group');
    await standin.api('setMyCommands', { commands: menu('help'), scope: { type: 'all_private_chats' } });
    assert.deepEqual((await seen(33, 33)).commands.map((c) => c.command), ['help']);
    assert.deepEqual((await seen(-700, 31)).commands.map((c) => c.command), ['start', 'help'], 'all_private_chats is not for groups');
    assert.equal((await standin.control('/commands?chat_id=0&user_id=1')).status, 400);
  });

  it('reset clears chats, calls and violations but keeps update_ids growing', async () => {
    const before = (await standin.control('/send', { chat_id: 22, from_id: 22, text: 'a' })).body.update_id;
    assert.ok(before >= 500);
    await standin.api('setMyCommands', { commands: [{ command: 'help', description: 'Help' }] });
    assert.deepEqual((await standin.control('/info')).body.commands, [{ command: 'help', description: 'Help' }]);
    assert.deepEqual((await standin.control('/reset', {})).body, { ok: true });
    assert.deepEqual((await standin.control('/calls')).body.calls, []);
    assert.deepEqual((await standin.control('/chats')).body.chats, []);
    assert.deepEqual((await standin.control('/info')).body.commands, []);
    assert.equal((await standin.api('getWebhookInfo')).body.result.pending_update_count, 0);
    const after = (await standin.control('/send', { chat_id: 22, from_id: 22, text: 'b' })).body.update_id;
    assert.equal(after, before + 1);
  });
});
