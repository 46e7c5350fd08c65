'use strict';
// Telegram's outbound flood limits as sliding windows: a send (or edit) is refused while a window
// already holds `max` accepted sends younger than `windowMs`; retry_after is the whole seconds
// until the oldest of them leaves the window. Refused sends do not use up the budget.

/** Parses "COUNT/WINDOW_MS" (e.g. "30/1000") or "off"; throws with what is wrong. */
function parseLimit(text, name) {
  if (text === 'off') return null;
  const match = /^(\d+)\/(\d+)$/.exec(String(text));
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`${name} must be COUNT/WINDOW_MS with both at least 1 (e.g. 30/1000) or "off", got "${text}"`);
  }
  return { max: Number(match[1]), windowMs: Number(match[2]) };
}

const formatLimit = (limit) => (limit ? `${limit.max}/${limit.windowMs}` : 'off');

class FloodControl {
  constructor(limits) {
    this.limits = { ...limits };
    this.windows = new Map(); // rule + key -> accepted timestamps, oldest first
  }

  configure(limits) {
    this.limits = { ...this.limits, ...limits };
    this.windows.clear();
  }

  reset() {
    this.windows.clear();
  }

  rulesFor(chatId) {
    const rules = [];
    if (this.limits.global) rules.push({ rule: 'global', key: 'global', limit: this.limits.global });
    if (this.limits.chat) rules.push({ rule: 'chat', key: `chat:${chatId}`, limit: this.limits.chat });
    if (this.limits.group && chatId < 0) rules.push({ rule: 'group', key: `group:${chatId}`, limit: this.limits.group });
    return rules;
  }

  stamps(key, now, windowMs) {
    const list = this.windows.get(key) ?? [];
    while (list.length && list[0] <= now - windowMs) list.shift();
    this.windows.set(key, list);
    return list;
  }

  /** Returns null and records the send when every window has room; otherwise the tightest violated rule. */
  tryAcquire(chatId, now) {
    const rules = this.rulesFor(chatId);
    let worst = null;
    for (const { rule, key, limit } of rules) {
      const list = this.stamps(key, now, limit.windowMs);
      if (list.length >= limit.max) {
        const waitMs = list[list.length - limit.max] + limit.windowMs - now;
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        if (!worst || retryAfter > worst.retryAfter) worst = { rule, retryAfter, limit: formatLimit(limit) };
      }
    }
    if (worst) return worst;
    for (const { key } of rules) this.windows.get(key).push(now);
    return null;
  }

  describe() {
    return {
      global: formatLimit(this.limits.global),
      chat: formatLimit(this.limits.chat),
      group: formatLimit(this.limits.group),
      count_edits: this.limits.countEdits,
    };
  }
}

module.exports = { FloodControl, parseLimit };
