'use strict';
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startStandin, TOKEN } = require('./helpers');

describe('Bot API methods', () => {
  let standin;
  before(async () => { standin = await startStandin(['--bot-username', 'chaintrader_bot', '--chat-limit', 'off', '--global-limit', 'off']); });
  after(() => standin.stop());
  beforeEach(() => standin.control('/reset', {}));

  it('getMe answers the bot user, with the id taken from the token', async () => {
    const { status, body } = await standin.api('getMe');
    assert.equal(status, 200);
    assert.deepEqual(body, {
      ok: true,
      result: {
        id: 123456, is_bot: true, first_name: 'ChainTrader', username: 'chaintrader_bot',
        can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
      },
    });
  });

  it('refuses a wrong token with 401 Unauthorized and an unknown method with 404 Not Found', async () => {
    assert.deepEqual(await standin.api('getMe', undefined, { useToken: '123456:wrong' }),
      { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    assert.deepEqual(await standin.api('sendPigeon', {}), { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    const other = await fetch(`${standin.baseUrl}/nothing/here`);
    assert.equal(other.status, 404);
  });

  it('method names are case-insensitive and parameters may come as a query string or a urlencoded form', async () => {
    const query = await fetch(`${standin.baseUrl}/bot${TOKEN}/SENDMESSAGE?chat_id=42&text=${encodeURIComponent('from query')}`);
    assert.equal(query.status, 200);
    assert.equal((await query.json()).result.text, 'from query');
    const form = await fetch(`${standin.baseUrl}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: '42', text: '<i>form</i>', parse_mode: 'HTML',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] }),
      }),
    });
    const sent = await form.json();
    assert.equal(form.status, 200);
    assert.deepEqual(sent.result.entities, [{ type: 'italic', offset: 0, length: 4 }]);
    assert.deepEqual(sent.result.reply_markup, { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] });
  });

  it('sendMessage returns the Message with parsed text, entities, chat and inline keyboard', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await standin.api('sendMessage', {
      chat_id: 1001, parse_mode: 'HTML',
      text: '<b>Quote</b> 1.5 ETH &rarr; <code>USDC</code> &lt;ok&gt; <a href="https://example.org/tx">tx</a>',
      reply_markup: { inline_keyboard: [[{ text: 'Confirm', callback_data: 'confirm:7' }, { text: 'Cancel', callback_data: 'cancel:7' }]] },
    });
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    const message = body.result;
    assert.equal(message.message_id, 1);
    assert.deepEqual(message.from, { id: 123456, is_bot: true, first_name: 'ChainTrader', username: 'chaintrader_bot' });
    assert.deepEqual(message.chat, { id: 1001, first_name: 'User 1001', username: 'user1001', type: 'private' });
    assert.ok(message.date >= before);
    assert.equal(message.text, 'Quote 1.5 ETH &rarr; USDC <ok> tx');
    assert.deepEqual(message.entities, [
      { type: 'bold', offset: 0, length: 5 },
      { type: 'code', offset: 21, length: 4 },
      { type: 'text_link', offset: 31, length: 2, url: 'https://example.org/tx' },
    ]);
    assert.deepEqual(message.reply_markup.inline_keyboard[0].map((b) => b.callback_data), ['confirm:7', 'cancel:7']);
    const second = await standin.api('sendMessage', { chat_id: 1001, text: 'plain <b> stays' });
    assert.equal(second.body.result.message_id, 2);
    assert.equal(second.body.result.text, 'plain <b> stays');
    assert.equal(second.body.result.entities, undefined);
  });

  it('sendMessage rejects bad HTML, empty or too long text and a missing chat the way Telegram does', async () => {
    const cases = [
      [{ chat_id: 1, text: '<b>bold', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
      [{ chat_id: 1, text: '<b>x</i>', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      [{ chat_id: 1, text: '<div>x</div>', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0'],
      [{ chat_id: 1, text: 'a</b>', parse_mode: 'HTML' }, 'Bad Request: can\'t parse entities: Unexpected end tag at byte offset 1'],
      [{ chat_id: 1, text: '' }, 'Bad Request: message text is empty'],
      [{ chat_id: 1, text: '<b> </b>', parse_mode: 'HTML' }, 'Bad Request: message text is empty'],
      [{ chat_id: 1, text: 'x'.repeat(4097) }, 'Bad Request: message is too long'],
      [{ text: 'hi' }, 'Bad Request: chat_id is empty'],
      [{ chat_id: '@somewhere', text: 'hi' }, 'Bad Request: chat not found'],
      [{ chat_id: 1, text: 'hi', parse_mode: 'Fancy' }, 'Bad Request: unsupported parse_mode'],
    ];
    for (const [params, description] of cases) {
      assert.deepEqual(await standin.api('sendMessage', params),
        { status: 400, body: { ok: false, error_code: 400, description } }, JSON.stringify(params).slice(0, 80));
    }
    // 4096 characters after parsing is fine even though the markup is longer.
    const long = await standin.api('sendMessage', { chat_id: 1, parse_mode: 'HTML', text: `<b>${'y'.repeat(4096)}</b>` });
    assert.equal(long.status, 200);
    const conversation = await standin.control('/chats/1/messages');
    assert.equal(conversation.body.messages.length, 1, 'rejected sends leave nothing in the chat');
  });

  it('refuses a group upgraded to a supergroup with the new chat id, as Telegram does, and sends to the new id', async () => {
    assert.equal((await standin.api('sendMessage', { chat_id: -42, text: 'before' })).status, 200);
    assert.equal((await standin.control('/chats/-42/migrate', { to_chat_id: -1000000000042 })).status, 200);
    assert.deepEqual(await standin.api('sendMessage', { chat_id: -42, text: 'after' }), {
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: -1000000000042 } },
    });
    assert.equal((await standin.api('sendMessage', { chat_id: -1000000000042, text: 'after' })).status, 200);
    assert.equal((await standin.control('/chats/-42/migrate', { to_chat_id: 7 })).status, 400);
  });

  it('validates inline keyboards: callback_data of 1-64 bytes, one action per button, valid URLs', async () => {
    const send = (keyboard) => standin.api('sendMessage', { chat_id: 5, text: 'k', reply_markup: { inline_keyboard: keyboard } });
    assert.equal((await send([[{ text: 'ok', callback_data: 'é'.repeat(32) }]])).status, 200); // 64 bytes
    assert.equal((await send([[{ text: 'big', callback_data: 'é'.repeat(32) + 'x' }]])).body.description, 'Bad Request: BUTTON_DATA_INVALID');
    assert.equal((await send([[{ text: 'empty', callback_data: '' }]])).body.description, 'Bad Request: BUTTON_DATA_INVALID');
    assert.equal((await send([[{ text: 'bad url', url: 'javascript:alert(1)' }]])).body.description, 'Bad Request: BUTTON_URL_INVALID');
    assert.equal((await send([[{ text: 'nothing' }]])).body.description,
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    assert.match((await send([{ text: 'not rows' }])).body.description, /must be an Array of Arrays/);
    const notJson = await standin.api('sendMessage', { chat_id: 5, text: 'k', reply_markup: '{oops' });
    assert.equal(notJson.body.description, "Bad Request: can't parse reply keyboard markup JSON object");
  });

  it('editMessageText edits in place, refuses an identical edit and drops the keyboard when none is given', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Confirm', callback_data: 'c' }]] };
    const sent = (await standin.api('sendMessage', { chat_id: 7, text: 'Quote <b>1</b>', parse_mode: 'HTML', reply_markup: keyboard })).body.result;
    const same = await standin.api('editMessageText', {
      chat_id: 7, message_id: sent.message_id, text: 'Quote <b>1</b>', parse_mode: 'HTML', reply_markup: keyboard,
    });
    assert.deepEqual(same, {
      status: 400,
      body: {
        ok: false, error_code: 400,
        description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      },
    });
    const edited = await standin.api('editMessageText', { chat_id: 7, message_id: sent.message_id, text: 'Confirmed <i>1</i>', parse_mode: 'HTML' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.result.text, 'Confirmed 1');
    assert.deepEqual(edited.body.result.entities, [{ type: 'italic', offset: 10, length: 1 }]);
    assert.equal(edited.body.result.reply_markup, undefined);
    assert.ok(edited.body.result.edit_date >= sent.date);
    const view = (await standin.control('/chats/7/messages')).body.messages;
    assert.equal(view.length, 1);
    assert.equal(view[0].html, 'Confirmed <i>1</i>');
    assert.deepEqual(view[0].buttons, []);
    assert.equal(view[0].edited, true);

    assert.equal((await standin.api('editMessageText', { chat_id: 7, message_id: 99, text: 'x' })).body.description,
      'Bad Request: message to edit not found');
    assert.equal((await standin.api('editMessageText', { chat_id: 7, text: 'x' })).body.description,
      'Bad Request: message identifier is not specified');
    const userMessage = await standin.control('/send', { chat_id: 7, from_id: 7, text: 'mine' });
    assert.equal((await standin.api('editMessageText', { chat_id: 7, message_id: userMessage.body.message_id, text: 'x' })).body.description,
      "Bad Request: message can't be edited");
  });

  it('editMessageReplyMarkup and deleteMessage change what the chat shows', async () => {
    const sent = (await standin.api('sendMessage', { chat_id: 8, text: 'pick', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } })).body.result;
    const changed = await standin.api('editMessageReplyMarkup', { chat_id: 8, message_id: sent.message_id, reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] } });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.result.reply_markup, { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] });
    assert.deepEqual(await standin.api('deleteMessage', { chat_id: 8, message_id: sent.message_id }), { status: 200, body: { ok: true, result: true } });
    assert.equal((await standin.api('deleteMessage', { chat_id: 8, message_id: sent.message_id })).body.description, 'Bad Request: message to delete not found');
    assert.deepEqual((await standin.control('/chats/8/messages')).body.messages, []);
  });

  it('setMyCommands validates names and descriptions; getMyCommands returns them per scope and language', async () => {
    const commands = [{ command: 'start', description: 'Start' }, { command: 'emergency_stop', description: 'Stop all trading' }];
    assert.deepEqual(await standin.api('setMyCommands', { commands }), { status: 200, body: { ok: true, result: true } });
    assert.deepEqual((await standin.api('getMyCommands', {})).body, { ok: true, result: commands });
    assert.deepEqual((await standin.api('getMyCommands', { language_code: 'de' })).body.result, []);
    const adminScope = { type: 'chat', chat_id: -100123 };
    await standin.api('setMyCommands', { commands: [{ command: 'config', description: 'Show config' }], scope: adminScope });
    assert.deepEqual((await standin.api('getMyCommands', { scope: adminScope })).body.result, [{ command: 'config', description: 'Show config' }]);

    const invalid = [
      [[{ command: 'Buy', description: 'x' }], /^Bad Request: BOT_COMMAND_INVALID/],
      [[{ command: '', description: 'x' }], /^Bad Request: BOT_COMMAND_INVALID/],
      [[{ command: 'a'.repeat(33), description: 'x' }], /^Bad Request: BOT_COMMAND_INVALID/],
      [[{ command: 'with-dash', description: 'x' }], /^Bad Request: BOT_COMMAND_INVALID/],
      [[{ command: 'ok', description: '' }], /^Bad Request: BOT_COMMAND_DESCRIPTION_INVALID/],
      [[{ command: 'ok', description: 'd'.repeat(257) }], /^Bad Request: BOT_COMMAND_DESCRIPTION_INVALID/],
      [[{ command: 'ok', description: 'a' }, { command: 'ok', description: 'b' }], /listed twice/],
      ['not a list', /can't parse commands JSON object/],
    ];
    for (const [value, pattern] of invalid) {
      const { status, body } = await standin.api('setMyCommands', { commands: value });
      assert.equal(status, 400);
      assert.match(body.description, pattern);
    }
    assert.deepEqual((await standin.api('getMyCommands', {})).body.result, commands, 'a refused call changes nothing');
    await standin.api('deleteMyCommands', {});
    assert.deepEqual((await standin.api('getMyCommands', {})).body.result, []);
  });

  it('setWebhook validates the URL and secret; getWebhookInfo and deleteWebhook report the state', async () => {
    assert.deepEqual((await standin.api('getWebhookInfo')).body, { ok: true, result: { url: '', has_custom_certificate: false, pending_update_count: 0 } });
    const url = 'http://127.0.0.1:9/telegram/webhook';
    assert.deepEqual(await standin.api('setWebhook', { url, secret_token: 'Abc_123-xyz', allowed_updates: ['message', 'callback_query'] }),
      { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } });
    assert.equal((await standin.api('setWebhook', { url, secret_token: 'Abc_123-xyz' })).body.description, 'Webhook is already set');
    const info = (await standin.api('getWebhookInfo')).body.result;
    assert.deepEqual(info, { url, has_custom_certificate: false, pending_update_count: 0, max_connections: 40, allowed_updates: ['message', 'callback_query'] });
    assert.equal(JSON.stringify(info).includes('Abc_123'), false, 'the secret is never shown');

    const refused = [
      [{ url, secret_token: 'has space' }, /secret token must be 1-256 characters/],
      [{ url, secret_token: 'x'.repeat(257) }, /secret token must be 1-256 characters/],
      [{ url: 'https://example.org/hook' }, /bad webhook/],
      [{ url: 'http://10.0.0.1/hook' }, /only to 127.0.0.1, localhost or \[::1\]/],
      [{ url: 'not a url' }, /invalid URL/],
      [{ url, max_connections: 0 }, /max_connections/],
      [{ url, allowed_updates: ['nonsense'] }, /allowed_updates/],
    ];
    for (const [params, pattern] of refused) {
      const { status, body } = await standin.api('setWebhook', params);
      assert.equal(status, 400, JSON.stringify(params));
      assert.match(body.description, pattern);
    }
    assert.equal((await standin.api('getWebhookInfo')).body.result.url, url, 'a refused setWebhook keeps the old one');
    assert.deepEqual((await standin.api('deleteWebhook', {})).body, { ok: true, result: true, description: 'Webhook was deleted' });
    assert.deepEqual((await standin.api('deleteWebhook', {})).body, { ok: true, result: true, description: 'Webhook is already deleted' });
  });

  it('getUpdates hands out pending updates without a webhook and is refused with 409 while one is set', async () => {
    const first = (await standin.control('/send', { chat_id: 31, from_id: 31, text: '/price ETH' })).body.update_id;
    const second = (await standin.control('/send', { chat_id: 31, from_id: 31, text: 'hello' })).body.update_id;
    assert.equal(second, first + 1);
    const all = (await standin.api('getUpdates', {})).body.result;
    assert.deepEqual(all.map((u) => u.update_id), [first, second]);
    assert.deepEqual(all[0].message.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
    assert.deepEqual((await standin.api('getUpdates', { offset: second })).body.result.map((u) => u.update_id), [second]);
    const waiting = standin.api('getUpdates', { offset: second + 1, timeout: 5 });
    setTimeout(() => standin.control('/send', { chat_id: 31, from_id: 31, text: 'late' }), 200);
    assert.deepEqual((await waiting).body.result.map((u) => u.message.text), ['late']);
    await standin.api('setWebhook', { url: 'http://127.0.0.1:9/hook' });
    assert.deepEqual(await standin.api('getUpdates', {}), {
      status: 409,
      body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
    });
  });

  it('answerCallbackQuery accepts a pending query once and refuses unknown ones', async () => {
    const sent = (await standin.api('sendMessage', { chat_id: 9, text: 'Buy?', reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] } })).body.result;
    const press = (await standin.control('/press', { chat_id: 9, from_id: 9, message_id: sent.message_id, data: 'yes' })).body;
    assert.deepEqual(await standin.api('answerCallbackQuery', { callback_query_id: press.callback_query_id, text: 'Done', show_alert: true }),
      { status: 200, body: { ok: true, result: true } });
    const stale = 'Bad Request: query is too old and response timeout expired or query ID is invalid';
    assert.equal((await standin.api('answerCallbackQuery', { callback_query_id: press.callback_query_id })).body.description, stale);
    assert.equal((await standin.api('answerCallbackQuery', { callback_query_id: '42' })).body.description, stale);
    const answers = (await standin.control('/chats/9/messages')).body.callback_answers;
    assert.deepEqual(answers.map(({ text, show_alert: alert, data }) => ({ text, alert, data })), [{ text: 'Done', alert: true, data: 'yes' }]);
  });

  it('records every call with its parameters and outcome', async () => {
    await standin.api('sendMessage', { chat_id: 11, text: 'one' });
    await standin.api('sendMessage', { chat_id: 12, text: '<b', parse_mode: 'HTML' });
    await standin.api('getMe');
    const calls = (await standin.control('/calls?method=sendMessage')).body.calls;
    assert.equal(calls.length, 2);
    assert.equal(calls[0].ok, true);
    assert.equal(calls[0].result.text, 'one');
    assert.equal(calls[1].status, 400);
    assert.match(calls[1].description, /can't parse entities/);
    const forChat = (await standin.control('/calls?chat_id=11')).body.calls;
    assert.deepEqual(forChat.map((c) => c.params.text), ['one']);
    assert.ok(!Number.isNaN(Date.parse(forChat[0].time)));
  });
});
