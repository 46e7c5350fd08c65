'use strict';
// Telegram's HTML parse mode, following TDLib's parse_html (the parser behind the Bot API):
// same accepted tags, same entity decoding, same error texts and UTF-8 byte offsets, and
// entities with UTF-16 offsets (JavaScript string indices are UTF-16 code units already).

class HtmlParseError extends Error {}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'tg-emoji', 'tg-time', 'code', 'pre', 'blockquote',
]);

const SIMPLE_ENTITY_TYPES = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', span: 'spoiler', 'tg-spoiler': 'spoiler',
};

// Order of entities sharing offset and length: outer formatting first, as TDLib lists them.
const TYPE_ORDER = [
  'blockquote', 'expandable_blockquote', 'pre', 'code', 'text_link', 'bold', 'italic', 'underline',
  'strikethrough', 'spoiler', 'custom_emoji', 'date_time', 'bot_command',
];

const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };
// The Bot API documents r|w?[dD]?[tT]?; TDLib accepts any mix of w/W/d/D/t/T, or r alone.
const DATE_TIME_FORMAT = /^(r|[wWdDtT]*)$/;

const isSpace = (ch) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
const isAlpha = (ch) => ch !== undefined && /[A-Za-z]/.test(ch);
const isNameTokenChar = (ch) => ch !== undefined && /[A-Za-z0-9.-]/.test(ch);

/** Decodes the HTML entity starting at `pos` ('&'); returns {text, next} or null when it is not one TDLib decodes. */
function decodeEntity(src, pos) {
  let end = pos + 1;
  let codePoint = 0;
  if (src[end] === '#') {
    end++;
    const hex = src[end] === 'x';
    if (hex) end++;
    const digitsStart = end;
    while (end < src.length && (hex ? /[0-9A-Fa-f]/ : /[0-9]/).test(src[end])) end++;
    if (end === digitsStart || end - pos >= 10) return null;
    codePoint = parseInt(src.slice(digitsStart, end), hex ? 16 : 10);
    if (codePoint === 0 || codePoint >= 0x10ffff) return null;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      throw new HtmlParseError(
        'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units');
    }
  } else {
    while (isAlpha(src[end])) end++;
    const decoded = NAMED_ENTITIES[src.slice(pos + 1, end)];
    if (decoded === undefined) return null;
    codePoint = decoded.codePointAt(0);
  }
  if (src[end] === ';') end++;
  return { text: String.fromCodePoint(codePoint), next: end };
}

/** Normalises a link the way TDLib's check_url does for the common cases; null when it is not a usable URL. */
function normalizeUrl(raw) {
  const url = raw.trim();
  if (url === '' || /\s/.test(url) || url !== raw) return null;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  let scheme = 'http';
  let rest = url;
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = url.slice(schemeMatch[0].length);
    if (scheme === 'tg' || scheme === 'ton' || scheme === 'tonsite') return `${scheme}://${rest}`;
    if (scheme !== 'http' && scheme !== 'https') return null;
  } else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) && !/^[^:/]+:\d/.test(url)) {
    return null; // javascript:, mailto: and friends are not links Telegram keeps
  }
  const hostEnd = rest.search(/[/?#]/);
  const host = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
  const tail = hostEnd === -1 ? '' : rest.slice(hostEnd);
  const hostPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
  if (!hostPattern.test(host)) return null;
  const hostName = host.replace(/:\d+$/, '');
  if (!hostName.includes('.') && hostName.toLowerCase() !== 'localhost') return null;
  const path = tail.startsWith('/') ? tail : `/${tail}`;
  return `${scheme}://${host.toLowerCase()}${path}`;
}

/**
 * Parses Telegram HTML into plain text and MessageEntity objects.
 * Throws HtmlParseError with TDLib's description when Telegram would reject the markup.
 */
function parseHtml(src) {
  let text = '';
  const entities = [];
  const stack = [];
  const byteOffset = (index) => Buffer.byteLength(src.slice(0, index), 'utf8');
  let i = 0;

  while (i < src.length) {
    const ch = src[i];
    if (ch === '&') {
      const decoded = decodeEntity(src, i);
      if (decoded) {
        text += decoded.text;
        i = decoded.next;
        continue;
      }
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }

    const tagBegin = i;
    i++;
    if (src[i] === '/') {
      if (stack.length === 0) throw new HtmlParseError(`Unexpected end tag at byte offset ${byteOffset(tagBegin)}`);
      i++;
      const nameStart = i;
      while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
      const endName = src.slice(nameStart, i).toLowerCase();
      while (i < src.length && isSpace(src[i])) i++;
      if (src[i] !== '>') throw new HtmlParseError(`Unclosed end tag at byte offset ${byteOffset(tagBegin)}`);
      i++;
      const open = stack.pop();
      if (endName !== '' && endName !== open.name) {
        throw new HtmlParseError(
          `Unmatched end tag at byte offset ${byteOffset(tagBegin)}, expected "</${open.name}>", found "</${endName}>"`);
      }
      closeTag(open, text, entities, stack);
      continue;
    }

    const nameStart = i;
    while (i < src.length && !isSpace(src[i]) && src[i] !== '>') i++;
    if (i >= src.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(tagBegin)}`);
    const name = src.slice(nameStart, i).toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) {
      throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(tagBegin)}`);
    }

    const attributes = new Map();
    for (;;) {
      while (i < src.length && isSpace(src[i])) i++;
      if (i >= src.length) throw new HtmlParseError(`Unclosed start tag "${name}" at byte offset ${byteOffset(tagBegin)}`);
      if (src[i] === '>') break;
      const attrStart = i;
      while (i < src.length && !isSpace(src[i]) && src[i] !== '=' && src[i] !== '>') i++;
      const attrName = src.slice(attrStart, i).toLowerCase();
      if (attrName === '') {
        throw new HtmlParseError(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(tagBegin)}`);
      }
      while (i < src.length && isSpace(src[i])) i++;
      if (src[i] !== '=') {
        attributes.set(attrName, ''); // a bare attribute such as <blockquote expandable>
        continue;
      }
      i++;
      while (i < src.length && isSpace(src[i])) i++;
      if (i >= src.length) throw new HtmlParseError(`Unclosed start tag "${name}" at byte offset ${byteOffset(tagBegin)}`);
      let value = '';
      if (src[i] === '"' || src[i] === "'") {
        const quote = src[i++];
        while (i < src.length && src[i] !== quote) {
          if (src[i] === '&') {
            const decoded = decodeEntity(src, i);
            if (decoded) {
              value += decoded.text;
              i = decoded.next;
              continue;
            }
          }
          value += src[i++];
        }
        if (i >= src.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(tagBegin)}`);
        i++;
      } else {
        const tokenStart = i;
        while (isNameTokenChar(src[i])) i++;
        value = src.slice(tokenStart, i).toLowerCase();
        if (i < src.length && !isSpace(src[i]) && src[i] !== '>') {
          throw new HtmlParseError(`Unexpected end of name token at byte offset ${byteOffset(tokenStart)}`);
        }
      }
      attributes.set(attrName, value);
    }
    i++; // past '>'

    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
      throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(tagBegin)}`);
    }
    if (name === 'tg-time') {
      const format = attributes.get('format') ?? '';
      if (!DATE_TIME_FORMAT.test(format)) throw new HtmlParseError('Invalid date format used');
    }
    stack.push({ name, attributes, offset: text.length, entityIndex: entities.length });
  }

  if (stack.length > 0) {
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].name}"`);
  }
  return { text, entities: sortEntities(entities) };
}

/** Turns a closed tag into its entity (if it spans any text), merging <pre><code class="language-x"> pairs. */
function closeTag(open, text, entities, stack) {
  const length = text.length - open.offset;
  if (length === 0) return;
  const { name, attributes, offset } = open;
  const parent = stack[stack.length - 1];
  const language = (tagName) => {
    const cls = attributes.get('class') ?? '';
    return tagName === 'code' && cls.startsWith('language-') ? cls.slice('language-'.length) : '';
  };

  if (name in SIMPLE_ENTITY_TYPES) {
    entities.push({ type: SIMPLE_ENTITY_TYPES[name], offset, length });
  } else if (name === 'a') {
    const href = attributes.has('href') ? attributes.get('href') : text.slice(offset);
    const url = normalizeUrl(href);
    if (url) entities.push({ type: 'text_link', offset, length, url });
  } else if (name === 'code') {
    const lang = language('code');
    const code = { type: 'code', offset, length };
    // <pre><code class="language-x">…</code></pre>: the language belongs to the pre if the code fills it.
    if (lang && parent && parent.name === 'pre' && parent.offset === offset) {
      parent.languageChild = { lang, code };
      return;
    }
    // The same pair written inside out: <code class="language-x"><pre>…</pre></code>.
    const innerPre = entities.slice(open.entityIndex)
      .find((e) => e.type === 'pre' && e.offset === offset && e.length === length && !e.language);
    if (lang && innerPre) {
      innerPre.language = lang;
      return;
    }
    entities.push(code);
  } else if (name === 'pre') {
    const child = open.languageChild;
    if (child && child.code.length === length) {
      entities.push({ type: 'pre', offset, length, language: child.lang });
    } else {
      entities.push({ type: 'pre', offset, length });
      if (child) entities.push(child.code);
    }
  } else if (name === 'blockquote') {
    entities.push({ type: attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote', offset, length });
  } else if (name === 'tg-emoji') {
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: attributes.get('emoji-id') ?? '' });
  } else if (name === 'tg-time') {
    const entity = { type: 'date_time', offset, length, unix_time: Number(attributes.get('unix') ?? 0) };
    if (attributes.get('format')) entity.date_time_format = attributes.get('format');
    entities.push(entity);
  }
}

function sortEntities(entities) {
  return entities
    .map((entity, index) => ({ entity, index }))
    .sort((a, b) => a.entity.offset - b.entity.offset
      || b.entity.length - a.entity.length
      || TYPE_ORDER.indexOf(a.entity.type) - TYPE_ORDER.indexOf(b.entity.type)
      || a.index - b.index)
    .map(({ entity }) => entity);
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const RENDERED_TAGS = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<span class="tg-spoiler">', '</span>'],
  code: ['<code>', '</code>'],
  blockquote: ['<blockquote>', '</blockquote>'],
  expandable_blockquote: ['<blockquote class="expandable">', '</blockquote>'],
  custom_emoji: ['<span class="tg-emoji">', '</span>'],
  date_time: ['<span class="tg-time">', '</span>'],
  bot_command: ['<span class="bot-command">', '</span>'],
};

function openTag(entity) {
  if (entity.type === 'pre') {
    return entity.language ? `<pre data-language="${escapeHtml(entity.language)}">` : '<pre>';
  }
  if (entity.type === 'text_link') {
    // Only schemes that cannot run script in the page become live links.
    if (/^(https?|tg):\/\//i.test(entity.url)) {
      return `<a href="${escapeHtml(entity.url)}" target="_blank" rel="noopener noreferrer">`;
    }
    return '<span class="link">';
  }
  return (RENDERED_TAGS[entity.type] ?? ['<span>', '</span>'])[0];
}

function closeTagFor(entity) {
  if (entity.type === 'pre') return '</pre>';
  if (entity.type === 'text_link') return /^(https?|tg):\/\//i.test(entity.url) ? '</a>' : '</span>';
  return (RENDERED_TAGS[entity.type] ?? ['<span>', '</span>'])[1];
}

/**
 * Renders text + entities as HTML for the chat page: every character of the text is escaped and
 * only a fixed set of tags is emitted, so nothing the bot sends can inject markup or script.
 * Entities that overlap without nesting are skipped (Telegram does not produce them from HTML).
 */
function renderHtml(text, entities = []) {
  const nested = [];
  for (const entity of sortEntities(entities.map((e) => ({ ...e })))) {
    const end = entity.offset + entity.length;
    if (entity.offset < 0 || entity.length <= 0 || end > text.length) continue;
    const crosses = nested.some((other) => {
      const otherEnd = other.offset + other.length;
      return entity.offset < otherEnd && end > otherEnd;
    });
    if (!crosses) nested.push(entity);
  }
  let html = '';
  const open = [];
  let next = 0;
  for (let pos = 0; pos <= text.length; pos++) {
    while (open.length && open[open.length - 1].offset + open[open.length - 1].length === pos) {
      html += closeTagFor(open.pop());
    }
    while (next < nested.length && nested[next].offset === pos) {
      open.push(nested[next]);
      html += openTag(nested[next]);
      next++;
    }
    if (pos < text.length) html += escapeHtml(text[pos]);
  }
  return html;
}

module.exports = { parseHtml, renderHtml, normalizeUrl, HtmlParseError };
