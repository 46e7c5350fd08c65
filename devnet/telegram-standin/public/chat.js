'use strict';
// The chat page: polls the stand-in's control API and shows one chat as Telegram would.
(() => {
  const $ = (id) => document.getElementById(id);
  const userId = $('user-id');
  const chatId = $('chat-id');
  const firstName = $('first-name');
  const input = $('message-input');
  const messages = $('messages');
  const errorBox = $('error');
  const toast = $('toast');
  let shownVersion = null;
  let shownChat = null;
  let lastNotice = null;
  let toastTimer = null;

  for (const [element, key] of [[userId, 'user-id'], [chatId, 'chat-id'], [firstName, 'first-name']]) {
    const saved = localStorage.getItem(`standin:${key}`);
    if (saved) element.value = saved;
    element.addEventListener('change', () => {
      localStorage.setItem(`standin:${key}`, element.value);
      shownVersion = null;
      refresh();
    });
  }
  // A private chat's id is the user's id; keep them together unless a group is chosen.
  userId.addEventListener('input', () => {
    if (Number(chatId.value) > 0) chatId.value = userId.value;
  });

  const showError = (text) => {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  };

  async function control(path, body) {
    const response = await fetch(`/_standin${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    return answer;
  }

  function showToast(notice) {
    if (!notice.text) return;
    toast.textContent = notice.text;
    toast.className = notice.show_alert ? 'alert' : '';
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, notice.show_alert ? 6000 : 2500);
  }

  function renderMessage(message) {
    const element = document.createElement('div');
    element.className = `message ${message.sender === 'bot' ? 'bot-message' : 'user-message'}`;
    element.dataset.messageId = String(message.message_id);
    const text = document.createElement('div');
    text.className = 'text';
    if (message.sender === 'bot') {
      // html is rendered by the stand-in from the parsed entities: escaped text inside a fixed set of tags.
      text.innerHTML = message.html;
    } else {
      text.textContent = message.text;
    }
    element.appendChild(text);
    if (message.buttons.length) {
      const buttons = document.createElement('div');
      buttons.className = 'buttons';
      for (const row of message.buttons) {
        const rowElement = document.createElement('div');
        rowElement.className = 'button-row';
        for (const button of row) {
          const buttonElement = document.createElement('button');
          buttonElement.type = 'button';
          buttonElement.className = 'inline-button';
          buttonElement.textContent = button.text;
          if (button.callback_data !== undefined) {
            buttonElement.dataset.callbackData = button.callback_data;
            buttonElement.addEventListener('click', () => press(message.message_id, button.callback_data));
          } else if (button.url) {
            buttonElement.title = button.url;
            buttonElement.addEventListener('click', () => window.open(button.url, '_blank', 'noopener,noreferrer'));
          }
          rowElement.appendChild(buttonElement);
        }
        buttons.appendChild(rowElement);
      }
      element.appendChild(buttons);
    }
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = new Date(message.date * 1000).toLocaleTimeString() + (message.edited ? ' · edited' : '');
    element.appendChild(meta);
    return element;
  }

  async function refresh() {
    const chat = chatId.value.trim();
    if (!/^-?\d+$/.test(chat) || Number(chat) === 0) return;
    const conversation = await control(`/chats/${chat}/messages`);
    if (conversation.version === shownVersion && chat === shownChat) return;
    const atBottom = messages.parentElement.scrollHeight - messages.parentElement.scrollTop - messages.parentElement.clientHeight < 40;
    messages.replaceChildren(...conversation.messages.map(renderMessage));
    if (atBottom || chat !== shownChat) messages.parentElement.scrollTop = messages.parentElement.scrollHeight;
    const notice = conversation.callback_answers[conversation.callback_answers.length - 1];
    if (notice && notice.callback_query_id !== lastNotice) {
      if (chat === shownChat) showToast(notice);
      lastNotice = notice.callback_query_id;
    }
    shownVersion = conversation.version;
    shownChat = chat;
  }

  async function refreshInfo() {
    const info = await control('/info');
    $('bot-name').textContent = `${info.bot.first_name} (@${info.bot.username})`;
    const status = $('webhook-status');
    const hook = info.webhook;
    status.textContent = hook.url
      ? `webhook set · ${hook.pending_update_count} pending${hook.last_error_message ? ` · last error: ${hook.last_error_message}` : ''}`
      : `no webhook · ${hook.pending_update_count} pending (getUpdates)`;
    status.className = hook.pending_update_count > 0 && hook.last_error_message ? 'failing' : '';
    // The menu of the user chatting here, in this chat: each role sees its own commands.
    const chat = chatId.value.trim();
    const user = userId.value.trim();
    const menu = /^-?\d+$/.test(chat) && Number(chat) !== 0 && /^\d+$/.test(user) && Number(user) > 0
      ? (await control(`/commands?chat_id=${chat}&user_id=${user}`)).commands
      : info.commands;
    const commands = $('commands');
    const signature = JSON.stringify(menu);
    if (commands.dataset.signature !== signature) {
      commands.dataset.signature = signature;
      commands.replaceChildren(...menu.map((command) => {
        const chip = document.createElement('button');
        chip.type = 'button';
        chip.textContent = `/${command.command}`;
        chip.title = command.description;
        chip.addEventListener('click', () => { input.value = `/${command.command} `; input.focus(); });
        return chip;
      }));
    }
  }

  async function send(text) {
    const chat = Number(chatId.value);
    const body = { chat_id: chat, from_id: Number(userId.value), text, first_name: firstName.value || undefined };
    if (chat < 0) body.chat_type = 'group';
    await control('/send', body);
  }

  async function press(messageId, data) {
    try {
      showError('');
      await control('/press', { chat_id: Number(chatId.value), from_id: Number(userId.value), message_id: messageId, data });
    } catch (err) {
      showError(err.message);
    }
  }

  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value;
    if (text.trim() === '') return;
    try {
      showError('');
      await send(text);
      input.value = '';
      await refresh();
    } catch (err) {
      showError(err.message);
    }
  });

  const loop = async () => {
    try {
      await refresh();
      await refreshInfo();
    } catch (err) {
      showError(`stand-in unreachable: ${err.message}`);
    }
    setTimeout(loop, 500);
  };
  loop();
})();
