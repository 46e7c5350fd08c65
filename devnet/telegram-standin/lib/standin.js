'use strict';
const crypto = require('node:crypto');
const { parseHtml, renderHtml, normalizeUrl, HtmlParseError } = require('./html');
const { FloodControl } = require('./ratelimit');
const { UpdateQueue, webhookUrlProblem } = require('./updates');
const { ApiError, Params, badRequest } = require('./params');
const { SECRET_PATTERN } = require('./args');

const MAX_TEXT_LENGTH = 4096;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_BUTTONS = 100;
const MAX_KEPT = 10000;
const COMMAND_PATTERN = /^[a-z0-9_]{1,32}$/;
const SCOPE_TYPES = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators',
  'chat', 'chat_administrators', 'chat_member']);
const INLINE_BUTTON_ACTIONS = ['url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];
const UPDATE_TYPES = new Set(['message', 'edited_message', 'channel_post', 'edited_channel_post', 'business_connection',
  'business_message', 'edited_business_message', 'deleted_business_messages', 'message_reaction',
  'message_reaction_count', 'inline_query', 'chosen_inline_result', 'callback_query', 'shipping_query',
  'pre_checkout_query', 'purchased_paid_media', 'poll', 'poll_answer', 'my_chat_member', 'chat_member',
  'chat_join_request', 'chat_boost', 'removed_chat_boost']);

const unixNow = () => Math.floor(Date.now() / 1000);
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Telegram marks /command and /command@bot words in user messages as bot_command entities. */
function botCommandEntities(text) {
  const entities = [];
  const pattern = /(^|\s)(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?=$|[^A-Za-z0-9_@])/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    entities.push({ type: 'bot_command', offset: match.index + match[1].length, length: match[2].length });
  }
  return entities;
}

/** The stand-in's whole state and the Bot API methods it serves. */
class Standin {
  constructor(options, log) {
    this.options = options;
    this.log = log;
    const botId = Number(/^(\d+):/.exec(options.token)?.[1] ?? 1000000001);
    this.bot = { id: botId, is_bot: true, first_name: options.botName, username: options.botUsername };
    this.flood = new FloodControl(options.limits);
    this.updates = new UpdateQueue({
      retryMs: options.webhookRetryMs,
      retryMaxMs: options.webhookRetryMaxMs,
      timeoutMs: options.webhookTimeoutMs,
      log,
      onWebhookReply: ({ method, params }) => this.call(method, params, 'webhook-reply')
        .catch((err) => log(`webhook-reply ${method} failed: ${err.message}`)),
    });
    // Counters survive /_standin/reset: a bot that de-duplicates update_ids must keep seeing new ones.
    this.nextUpdateId = options.firstUpdateId;
    this.messageCounters = new Map();
    this.callbackCounter = 0;
    this.callSeq = 0;
    this.version = 0;
    this.resetState();
  }

  initialWebhook() {
    if (!this.options.webhookUrl) return null;
    return { url: this.options.webhookUrl, secret: this.options.webhookSecret, maxConnections: 40, allowedUpdates: null };
  }

  resetState() {
    this.chats = new Map();          // chat id -> { info, messages: Map(message_id -> stored), notices: [] }
    this.users = new Map();          // user id -> User
    this.calls = [];
    this.violations = [];
    this.callbackQueries = new Map();
    this.commands = new Map();       // scope+language key -> BotCommand[]
    this.migrations = new Map();     // group chat id -> the supergroup id it was upgraded to
    this.flood.reset();
    this.touch();
  }

  reset() {
    this.resetState();
    this.updates.reset(this.initialWebhook());
  }

  touch() {
    this.version++;
  }

  // ---- chats, users, messages -------------------------------------------------------------

  user(id, { first_name: firstName, username, language_code: languageCode } = {}) {
    const known = this.users.get(id);
    const user = {
      id, is_bot: false,
      first_name: firstName ?? known?.first_name ?? `User ${id}`,
      username: username ?? known?.username ?? `user${id}`,
    };
    if (languageCode ?? known?.language_code) user.language_code = languageCode ?? known.language_code;
    this.users.set(id, user);
    return user;
  }

  chat(id, { type, title } = {}) {
    let chat = this.chats.get(id);
    if (!chat) {
      chat = { info: null, messages: new Map(), notices: [] };
      this.chats.set(id, chat);
    }
    if (id > 0) {
      const user = this.users.get(id) ?? this.user(id);
      chat.info = { id, first_name: user.first_name, username: user.username, type: 'private' };
    } else {
      chat.info = {
        id,
        title: title ?? chat.info?.title ?? `Group ${id}`,
        type: type ?? chat.info?.type ?? (String(id).startsWith('-100') ? 'supergroup' : 'group'),
      };
    }
    return chat;
  }

  nextMessageId(chatId) {
    const id = (this.messageCounters.get(chatId) ?? 0) + 1;
    this.messageCounters.set(chatId, id);
    return id;
  }

  storeMessage(chatId, sender, fields) {
    const chat = this.chat(chatId);
    const stored = {
      sender,
      message: { message_id: this.nextMessageId(chatId), ...fields, chat: chat.info, date: unixNow() },
      replyMarkup: null,
    };
    chat.messages.set(stored.message.message_id, stored);
    this.touch();
    return stored;
  }

  /** The Message object as the Bot API returns it; reply_markup appears only for inline keyboards. */
  messageObject(stored) {
    const { message } = stored;
    const out = { message_id: message.message_id, from: message.from, chat: message.chat, date: message.date };
    if (message.edit_date) out.edit_date = message.edit_date;
    out.text = message.text;
    if (message.entities && message.entities.length) out.entities = message.entities;
    if (stored.replyMarkup && stored.replyMarkup.inline_keyboard) out.reply_markup = stored.replyMarkup;
    return out;
  }

  findBotMessage(params, notFound) {
    if (params.has('inline_message_id')) {
      throw badRequest('MESSAGE_ID_INVALID: the stand-in has no inline-mode messages; use chat_id and message_id');
    }
    const chatId = params.chatId();
    const messageId = params.integer('message_id', { missing: 'message identifier is not specified' });
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    if (!stored) throw badRequest(notFound);
    if (stored.sender !== 'bot') throw badRequest("message can't be edited");
    return { chatId, stored };
  }

  // ---- validation shared by send and edit ---------------------------------------------------

  formattedText(params) {
    const raw = params.string('text');
    if (raw === undefined || raw === '') throw badRequest('message text is empty');
    const parseMode = (params.string('parse_mode') ?? '').trim();
    let text = raw;
    let entities = [];
    if (parseMode.toLowerCase() === 'html') {
      try {
        ({ text, entities } = parseHtml(raw));
      } catch (err) {
        if (err instanceof HtmlParseError) throw badRequest(`can't parse entities: ${err.message}`);
        throw err;
      }
    } else if (parseMode.toLowerCase() === 'markdownv2' || parseMode.toLowerCase() === 'markdown') {
      throw badRequest(`unsupported parse_mode: the Telegram stand-in parses only HTML, got "${parseMode}"`);
    } else if (parseMode !== '') {
      throw badRequest('unsupported parse_mode');
    } else if (params.has('entities')) {
      entities = this.explicitEntities(params.json('entities', 'message entities'), raw);
    }
    if (text.trim() === '') throw badRequest('message text is empty');
    if (text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
    return { text, entities };
  }

  explicitEntities(entities, text) {
    if (!Array.isArray(entities)) throw badRequest('field "entities" must be an Array');
    return entities.map((entity, index) => {
      const where = `entities[${index}]`;
      if (!entity || typeof entity.type !== 'string') throw badRequest(`${where}: field "type" must be a String`);
      if (!Number.isInteger(entity.offset) || !Number.isInteger(entity.length) || entity.offset < 0 || entity.length < 1
        || entity.offset + entity.length > text.length) {
        throw badRequest(`${where}: offset ${entity.offset} and length ${entity.length} are outside the text`);
      }
      if (entity.type === 'text_link') {
        const url = normalizeUrl(String(entity.url ?? ''));
        if (!url) throw badRequest(`${where}: wrong url ${JSON.stringify(entity.url)}`);
        return { ...entity, url };
      }
      return entity;
    });
  }

  replyMarkup(params, { inlineOnly }) {
    const markup = params.json('reply_markup', 'reply keyboard markup');
    if (markup === undefined) return null;
    if (!markup || typeof markup !== 'object' || Array.isArray(markup)) {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    if (!('inline_keyboard' in markup)) {
      if (inlineOnly) throw badRequest('reply_markup must be an InlineKeyboardMarkup when editing a message');
      if (!('keyboard' in markup) && !('remove_keyboard' in markup) && !('force_reply' in markup)) {
        throw badRequest("can't parse reply keyboard markup JSON object: expected inline_keyboard, keyboard, remove_keyboard or force_reply");
      }
      return markup;
    }
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    if (rows.flat().length > MAX_BUTTONS) throw badRequest('reply markup is too long');
    rows.forEach((row, r) => row.forEach((button, c) => {
      const where = `inline_keyboard[${r}][${c}]`;
      if (!button || typeof button !== 'object') throw badRequest(`can't parse inline keyboard button: ${where} must be an object`);
      if (typeof button.text !== 'string' || button.text === '') {
        throw badRequest(`can't parse inline keyboard button: ${where}: field "text" must be a non-empty String`);
      }
      const actions = INLINE_BUTTON_ACTIONS.filter((key) => key in button);
      if (actions.length === 0) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if (actions.length > 1) throw badRequest(`can't parse inline keyboard button: ${where} has more than one action (${actions.join(', ')})`);
      if ('callback_data' in button) {
        const bytes = typeof button.callback_data === 'string' ? Buffer.byteLength(button.callback_data, 'utf8') : -1;
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
      }
      if ('url' in button && (typeof button.url !== 'string' || !normalizeUrl(button.url))) {
        throw badRequest('BUTTON_URL_INVALID');
      }
    }));
    return { inline_keyboard: rows };
  }

  takeFloodBudget(method, chatId) {
    const violation = this.flood.tryAcquire(chatId, Date.now());
    if (!violation) return;
    this.violations.push({
      time: new Date().toISOString(), method, chat_id: chatId, rule: violation.rule, limit: violation.limit,
      retry_after: violation.retryAfter,
    });
    if (this.violations.length > MAX_KEPT) this.violations.shift();
    this.log(`429 ${method} chat=${chatId}: ${violation.rule} limit ${violation.limit}, retry after ${violation.retryAfter}s`);
    throw new ApiError(429, `Too Many Requests: retry after ${violation.retryAfter}`, { retry_after: violation.retryAfter });
  }

  // ---- Bot API methods ------------------------------------------------------------------------

  getMe() {
    return { ...this.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
  }

  /** A group upgraded to a supergroup gets a new id; Telegram refuses the old one and names the new one. */
  migrateChat(chatId, toChatId) {
    this.migrations.set(chatId, toChatId);
    this.touch();
  }

  refuseMigrated(chatId) {
    const moved = this.migrations.get(chatId);
    if (moved !== undefined) throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: moved });
  }

  sendMessage(params) {
    const chatId = params.chatId();
    this.refuseMigrated(chatId);
    const { text, entities } = this.formattedText(params);
    const markup = this.replyMarkup(params, { inlineOnly: false });
    this.takeFloodBudget('sendMessage', chatId);
    const stored = this.storeMessage(chatId, 'bot', { from: this.bot, text, entities });
    stored.replyMarkup = markup;
    return this.messageObject(stored);
  }

  editMessageText(params) {
    const { chatId, stored } = this.findBotMessage(params, 'message to edit not found');
    const { text, entities } = this.formattedText(params);
    // Without reply_markup Telegram removes the message's inline keyboard.
    const markup = this.replyMarkup(params, { inlineOnly: true });
    const message = stored.message;
    if (message.text === text && same(message.entities, entities) && same(stored.replyMarkup, markup)) {
      throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    if (this.flood.limits.countEdits) this.takeFloodBudget('editMessageText', chatId);
    Object.assign(message, { text, entities, edit_date: unixNow() });
    stored.replyMarkup = markup;
    this.touch();
    return this.messageObject(stored);
  }

  editMessageReplyMarkup(params) {
    const { chatId, stored } = this.findBotMessage(params, 'message to edit not found');
    const markup = this.replyMarkup(params, { inlineOnly: true });
    if (same(stored.replyMarkup, markup)) {
      throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    if (this.flood.limits.countEdits) this.takeFloodBudget('editMessageReplyMarkup', chatId);
    stored.replyMarkup = markup;
    stored.message.edit_date = unixNow();
    this.touch();
    return this.messageObject(stored);
  }

  deleteMessage(params) {
    const chatId = params.chatId();
    const messageId = params.integer('message_id', { missing: 'message identifier is not specified' });
    const chat = this.chats.get(chatId);
    if (!chat || !chat.messages.delete(messageId)) throw badRequest('message to delete not found');
    this.touch();
    return true;
  }

  answerCallbackQuery(params) {
    const id = params.string('callback_query_id');
    if (!id) throw badRequest('callback_query_id is empty');
    const query = this.callbackQueries.get(id);
    const timeout = this.options.callbackTimeoutMs;
    if (!query || query.answered || (timeout > 0 && Date.now() - query.createdAt > timeout)) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    const text = params.string('text') ?? '';
    if (text.length > 200) throw badRequest('MESSAGE_TOO_LONG: callback answer text is limited to 200 characters');
    query.answered = true;
    const notice = {
      callback_query_id: id, message_id: query.messageId, data: query.data, text,
      show_alert: params.boolean('show_alert'), time: new Date().toISOString(),
    };
    if (params.has('url')) notice.url = params.string('url');
    this.chat(query.chatId).notices.push(notice);
    this.touch();
    return true;
  }

  commandsKey(params) {
    const scope = params.json('scope', 'scope') ?? { type: 'default' };
    if (!scope || typeof scope !== 'object' || !SCOPE_TYPES.has(scope.type)) {
      throw badRequest(`unsupported BotCommandScope type ${JSON.stringify(scope && scope.type)}`);
    }
    const needsChat = ['chat', 'chat_administrators', 'chat_member'].includes(scope.type);
    if (needsChat && !Number.isInteger(Number(scope.chat_id))) throw badRequest(`BotCommandScope "${scope.type}" needs chat_id`);
    if (scope.type === 'chat_member' && !Number.isInteger(Number(scope.user_id))) throw badRequest('BotCommandScope "chat_member" needs user_id');
    const language = params.string('language_code') ?? '';
    if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest(`language_code must be a two-letter ISO 639-1 code or empty, got "${language}"`);
    const key = { type: scope.type };
    if (needsChat) key.chat_id = Number(scope.chat_id);
    if (scope.type === 'chat_member') key.user_id = Number(scope.user_id);
    return JSON.stringify([key, language]);
  }

  setMyCommands(params) {
    const commands = params.json('commands', 'commands');
    if (!Array.isArray(commands)) throw badRequest('field "commands" must be an Array of BotCommand');
    if (commands.length > 100) throw badRequest('too many commands: at most 100 are allowed');
    const seen = new Set();
    const clean = commands.map((item, index) => {
      const command = item && typeof item.command === 'string' ? item.command : null;
      const description = item && typeof item.description === 'string' ? item.description : null;
      if (command === null || !COMMAND_PATTERN.test(command)) {
        throw badRequest(`BOT_COMMAND_INVALID: commands[${index}].command must be 1-32 characters of a-z, 0-9 and _, got ${JSON.stringify(item && item.command)}`);
      }
      if (description === null || description.trim().length < 1 || description.length > 256) {
        throw badRequest(`BOT_COMMAND_DESCRIPTION_INVALID: commands[${index}].description must be 1-256 characters`);
      }
      if (seen.has(command)) throw badRequest(`BOT_COMMAND_INVALID: command "${command}" is listed twice`);
      seen.add(command);
      return { command, description };
    });
    const key = this.commandsKey(params);
    if (clean.length === 0) this.commands.delete(key);
    else this.commands.set(key, clean);
    this.touch();
    return true;
  }

  /**
   * The menu a user sees in a chat, resolved as Telegram documents it ("Determining list of commands"): the most specific
   * scope with a list wins, each tried with the user's language first. The stand-in has no chat administrators, so the
   * administrator scopes never apply.
   */
  effectiveCommands(chatId, userId) {
    const language = this.users.get(userId)?.language_code ?? '';
    const scopes = chatId > 0
      ? [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }, { type: 'default' }]
      : [{ type: 'chat_member', chat_id: chatId, user_id: userId }, { type: 'chat', chat_id: chatId }, { type: 'all_group_chats' }, { type: 'default' }];
    for (const scope of scopes) {
      for (const lang of language === '' ? [''] : [language, '']) {
        const commands = this.commands.get(JSON.stringify([scope, lang]));
        if (commands) return { scope, language_code: lang, commands };
      }
    }
    return { scope: null, language_code: '', commands: [] };
  }

  getMyCommands(params) {
    return this.commands.get(this.commandsKey(params)) ?? [];
  }

  deleteMyCommands(params) {
    this.commands.delete(this.commandsKey(params));
    this.touch();
    return true;
  }

  setWebhook(params) {
    const url = params.string('url');
    if (url === undefined) throw badRequest('parameter "url" is required');
    const dropPending = params.boolean('drop_pending_updates');
    if (url === '') return this.deleteWebhook(params);
    const problem = webhookUrlProblem(url);
    if (problem) throw badRequest(problem);
    const secret = params.string('secret_token');
    if (secret !== undefined && secret !== '' && !SECRET_PATTERN.test(secret)) {
      throw badRequest('bad webhook: secret token must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
    }
    const maxConnections = params.integer('max_connections') ?? 40;
    if (maxConnections < 1 || maxConnections > 100) throw badRequest('bad webhook: max_connections must be 1-100');
    const allowed = params.json('allowed_updates', 'allowed updates');
    if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((t) => !UPDATE_TYPES.has(t)))) {
      throw badRequest(`allowed_updates must be an Array of update types, got ${JSON.stringify(allowed)}`);
    }
    const previous = this.updates.webhook;
    const webhook = {
      url, secret: secret || null, maxConnections,
      allowedUpdates: allowed !== undefined ? allowed : (previous?.allowedUpdates ?? null),
    };
    const unchanged = previous && same(previous, webhook);
    this.updates.setWebhook(webhook, { dropPending });
    this.touch();
    return { result: true, description: unchanged ? 'Webhook is already set' : 'Webhook was set' };
  }

  deleteWebhook(params) {
    const wasSet = Boolean(this.updates.webhook);
    this.updates.setWebhook(null, { dropPending: params.boolean('drop_pending_updates') });
    this.touch();
    return { result: true, description: wasSet ? 'Webhook was deleted' : 'Webhook is already deleted' };
  }

  getWebhookInfo() {
    return this.updates.info();
  }

  async getUpdates(params) {
    if (this.updates.webhook) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const limit = params.integer('limit') ?? 100;
    const timeoutS = params.integer('timeout') ?? 0;
    if (limit < 1 || limit > 100) throw badRequest('limit must be 1-100');
    if (timeoutS < 0) throw badRequest('timeout must not be negative');
    return this.updates.poll({ offset: params.integer('offset'), limit, timeoutS: Math.min(timeoutS, 50) });
  }

  // ---- dispatch and recording -----------------------------------------------------------------

  /** Runs one Bot API call; returns { status, body } exactly as Telegram would answer. */
  async call(methodName, values, via = 'http') {
    const method = METHODS.get(String(methodName).toLowerCase());
    if (!method) {
      this.record({ method: methodName, params: values, via, status: 404, body: NOT_FOUND });
      return { status: 404, body: NOT_FOUND };
    }
    let status = 200;
    let body;
    try {
      const outcome = await this[method](new Params(values ?? {}));
      body = outcome && typeof outcome === 'object' && 'description' in outcome && 'result' in outcome
        ? { ok: true, result: outcome.result, description: outcome.description }
        : { ok: true, result: outcome };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status = err.errorCode;
      body = { ok: false, error_code: err.errorCode, description: err.description };
      if (err.parameters) body.parameters = err.parameters;
    }
    this.record({ method, params: values, via, status, body });
    return { status, body };
  }

  record({ method, params, via, status, body }) {
    const entry = { seq: ++this.callSeq, time: new Date().toISOString(), method, params, via, status, ok: body.ok };
    if (body.ok) entry.result = body.result;
    else Object.assign(entry, { error_code: body.error_code, description: body.description, parameters: body.parameters });
    this.calls.push(entry);
    if (this.calls.length > MAX_KEPT) this.calls.shift();
    const chat = params && params.chat_id !== undefined ? ` chat=${params.chat_id}` : '';
    this.log(`${via === 'http' ? '' : `${via} `}${method}${chat} -> ${status}${body.ok ? '' : ` ${body.description}`}`);
  }

  // ---- updates from the chat side -------------------------------------------------------------

  newUpdateId() {
    return this.nextUpdateId++;
  }

  /** A user's message, as the control API and chat page post it. */
  userMessage({ chatId, fromId, text, firstName, username, chatType, chatTitle }) {
    const from = this.user(fromId, { first_name: firstName, username });
    this.chat(chatId, { type: chatType, title: chatTitle });
    const entities = botCommandEntities(text);
    const stored = this.storeMessage(chatId, 'user', { from, text, entities });
    const update = { update_id: this.newUpdateId(), message: this.messageObject(stored) };
    return { update, messageId: stored.message.message_id };
  }

  /** A press of an inline button on one of the bot's messages. */
  buttonPress({ chatId, fromId, messageId, data, firstName, username }) {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    if (!stored) return { error: `chat ${chatId} has no message ${messageId}`, status: 404 };
    if (stored.sender !== 'bot') return { error: `message ${messageId} in chat ${chatId} is not the bot's`, status: 400 };
    const buttons = (stored.replyMarkup?.inline_keyboard ?? []).flat();
    if (!buttons.some((button) => button.callback_data === data)) {
      return { error: `message ${messageId} in chat ${chatId} has no button with callback_data ${JSON.stringify(data)}`, status: 400 };
    }
    const from = this.user(fromId, { first_name: firstName, username });
    const id = `${this.bot.id}${String(Date.now()).slice(-8)}${String(++this.callbackCounter).padStart(4, '0')}`;
    this.callbackQueries.set(id, { createdAt: Date.now(), answered: false, chatId, messageId, data });
    const update = {
      update_id: this.newUpdateId(),
      callback_query: { id, from, message: this.messageObject(stored), chat_instance: chatInstance(chatId), data },
    };
    return { update, callbackQueryId: id };
  }

  /** The conversation as the chat shows it. */
  conversation(chatId) {
    const chat = this.chats.get(chatId);
    if (!chat) return { chat_id: chatId, chat: null, version: this.version, messages: [], callback_answers: [] };
    const messages = [...chat.messages.values()].map((stored) => {
      const message = stored.message;
      const view = {
        message_id: message.message_id, sender: stored.sender, from_id: message.from.id, date: message.date,
        text: message.text, entities: message.entities ?? [], html: renderHtml(message.text, message.entities ?? []),
        buttons: (stored.replyMarkup?.inline_keyboard ?? []).map((row) => row.map((button) => {
          const out = { text: button.text };
          if (button.callback_data !== undefined) out.callback_data = button.callback_data;
          if (button.url !== undefined) out.url = normalizeUrl(button.url);
          return out;
        })),
        edited: Boolean(message.edit_date),
      };
      if (message.edit_date) view.edit_date = message.edit_date;
      return view;
    });
    return { chat_id: chatId, chat: chat.info, version: this.version, messages, callback_answers: chat.notices };
  }
}

// Telegram's chat_instance is an opaque number stable per chat; a hash of the chat id plays it.
function chatInstance(chatId) {
  const digest = crypto.createHash('sha256').update(`chat_instance:${chatId}`).digest();
  return digest.readBigInt64BE(0).toString();
}

const NOT_FOUND = { ok: false, error_code: 404, description: 'Not Found' };

const METHODS = new Map([
  'getMe', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage', 'answerCallbackQuery',
  'setMyCommands', 'getMyCommands', 'deleteMyCommands', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'getUpdates',
].map((name) => [name.toLowerCase(), name]));

module.exports = { Standin, NOT_FOUND };
