'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { parseHtml, renderHtml, HtmlParseError } = require('../lib/html');

// Vectors from TDLib's check_parse_html cases (td/test/message_entities.cpp), the parser the Bot
// API runs for parse_mode=HTML. Entities use Bot API field names.
const STADIUM = '🏟 🏟';   // 4-byte characters: byte offsets and UTF-16 offsets differ
const ARROWS = '➡️ ➡️';    // arrow + variation selector: 2 UTF-16 units each

const errorCases = [
  ['&#57311;', 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units'],
  ['&#xDFDF', 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units'],
  [`${STADIUM}&lt;<abacaba`, 'Unclosed start tag at byte offset 13'],
  [`${STADIUM}&lt;<abac aba>`, 'Unsupported start tag "abac" at byte offset 13'],
  [`${STADIUM}&lt;<abac>`, 'Unsupported start tag "abac" at byte offset 13'],
  [`${STADIUM}&lt;<i   =aba>`, 'Empty attribute name in the tag "i" at byte offset 13'],
  [`${STADIUM}&lt;<i    aba>`, 'Can\'t find end tag corresponding to start tag "i"'],
  [`${STADIUM}&lt;<i    aba  =  `, 'Unclosed start tag "i" at byte offset 13'],
  [`${STADIUM}&lt;<i    aba  =  190azAz-.,`, 'Unexpected end of name token at byte offset 27'],
  [`${STADIUM}&lt;<i    aba  =  "&lt;&gt;&quot;>`, 'Unclosed start tag at byte offset 13'],
  [`${STADIUM}&lt;<i    aba  =  '&lt;&gt;&quot;>`, 'Unclosed start tag at byte offset 13'],
  [`${STADIUM}&lt;</`, 'Unexpected end tag at byte offset 13'],
  [`${STADIUM}&lt;<b></b></`, 'Unexpected end tag at byte offset 20'],
  [`${STADIUM}&lt;<i>a</i   `, 'Unclosed end tag at byte offset 17'],
  [`${STADIUM}&lt;<i>a</em   >`, 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
  [`${ARROWS}<tg-time unix = "12345", format = "rt">x</tg-time>`, 'Invalid date format used'],
  ['<b>unbalanced', 'Can\'t find end tag corresponding to start tag "b"'],
  ['<p>paragraph</p>', 'Unsupported start tag "p" at byte offset 0'],
  ['1 < 2', 'Unsupported start tag "" at byte offset 2'],
  ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
];

for (const [markup, message] of errorCases) {
  test(`rejects ${JSON.stringify(markup)}`, () => {
    assert.throws(() => parseHtml(markup), (err) => err instanceof HtmlParseError && err.message === message);
  });
}

const e = (type, offset, length, extra = {}) => ({ type, offset, length, ...extra });
const okCases = [
  ['', '', []],
  [ARROWS, ARROWS, []],
  ['&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;', '&ge;<>&"&laquo;&raquo;&#12345678;', []],
  ['&Or;', '&Or;', []],
  ...[['i', 'italic'], ['em', 'italic'], ['b', 'bold'], ['strong', 'bold'], ['u', 'underline'], ['ins', 'underline'],
    ['s', 'strikethrough'], ['strike', 'strikethrough'], ['del', 'strikethrough'], ['blockquote', 'blockquote'],
    ['tg-spoiler', 'spoiler']]
    .map(([tag, type]) => [`${ARROWS}<${tag}>${ARROWS}</${tag}>`, ARROWS + ARROWS, [e(type, 5, 5)]]),
  [`${ARROWS}<i>${ARROWS}</i><b>${ARROWS}</b>`, ARROWS.repeat(3), [e('italic', 5, 5), e('bold', 10, 5)]],
  [`${STADIUM}<i>🏟 &lt🏟</i>`, `${STADIUM}🏟 <🏟`, [e('italic', 5, 6)]],
  [`${STADIUM}<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>`, `${STADIUM}🏟 ><🏟`, [e('italic', 5, 7), e('bold', 9, 3)]],
  [`${STADIUM}&lt;<i    aba  =  190azAz-.   >a</i>`, `${STADIUM}<a`, [e('italic', 6, 1)]],
  [`${STADIUM}&lt;<i    aba  =  "&lt;&gt;&quot;">a</i>`, `${STADIUM}<a`, [e('italic', 6, 1)]],
  [`${STADIUM}&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>`, `${STADIUM}<a`, [e('italic', 6, 1)]],
  [`${STADIUM}&lt;<i>a</    >`, `${STADIUM}<a`, [e('italic', 6, 1)]],
  [`${STADIUM}&lt;<b></b>`, `${STADIUM}<`, []],
  ['<i>\n</i>', '\n', [e('italic', 0, 1)]],
  [`${ARROWS}<span class = "tg-spoiler">${ARROWS}</span><b>${ARROWS}</b>`, ARROWS.repeat(3), [e('spoiler', 5, 5), e('bold', 10, 5)]],
  ['<a href=telegram.org> </a>', ' ', [e('text_link', 0, 1, { url: 'http://telegram.org/' })]],
  ["<a   href=  'telegram.org?&lt;'   > </a>", ' ', [e('text_link', 0, 1, { url: 'http://telegram.org/?<' })]],
  ['<a> </a>', ' ', []],
  ['<a>telegram.org </a>', 'telegram.org ', []],
  ['<a>telegram.org</a>', 'telegram.org', [e('text_link', 0, 12, { url: 'http://telegram.org/' })]],
  ['<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>', 'https://telegram.org/asdsa?asdasdwe#12e3we',
    [e('text_link', 0, 42, { url: 'https://telegram.org/asdsa?asdasdwe#12e3we' })]],
  ['<code><i><b> </b></i></code><i><b><code> </code></b></i>', '  ',
    [e('code', 0, 1), e('bold', 0, 1), e('italic', 0, 1), e('code', 1, 1), e('bold', 1, 1), e('italic', 1, 1)]],
  ['<i><b> </b> <code> </code></i>', '   ', [e('italic', 0, 3), e('bold', 0, 1), e('code', 2, 1)]],
  [`${STADIUM}&lt;<pre  >🏟 🏟&lt;</>`, `${STADIUM}<🏟 🏟<`, [e('pre', 6, 6)]],
  [`${STADIUM}&lt;<pre><code>🏟 🏟&lt;</code></>`, `${STADIUM}<🏟 🏟<`, [e('pre', 6, 6), e('code', 6, 6)]],
  [`${STADIUM}&lt;<pre><code class="language-">🏟 🏟&lt;</code></>`, `${STADIUM}<🏟 🏟<`, [e('pre', 6, 6), e('code', 6, 6)]],
  [`${STADIUM}&lt;<pre><code class="language-fift">🏟 🏟&lt;</></>`, `${STADIUM}<🏟 🏟<`, [e('pre', 6, 6, { language: 'fift' })]],
  [`${STADIUM}&lt;<code class="language-fift"><pre>🏟 🏟&lt;</></>`, `${STADIUM}<🏟 🏟<`, [e('pre', 6, 6, { language: 'fift' })]],
  [`${STADIUM}&lt;<pre><code class="language-fift">🏟 🏟&lt;</> </>`, `${STADIUM}<🏟 🏟< `, [e('pre', 6, 7), e('code', 6, 6)]],
  [`${STADIUM}&lt;<pre> <code class="language-fift">🏟 🏟&lt;</></>`, `${STADIUM}< 🏟 🏟<`, [e('pre', 6, 7), e('code', 7, 6)]],
  [`${ARROWS}<tg-emoji emoji-id = "12345">${ARROWS}</tg-emoji><b>${ARROWS}</b>`, ARROWS.repeat(3),
    [e('custom_emoji', 5, 5, { custom_emoji_id: '12345' }), e('bold', 10, 5)]],
  [`${STADIUM}<b aba   =   caba><tg-emoji emoji-id="1">🏟</tg-emoji>1</b>`, `${STADIUM}🏟1`,
    [e('bold', 5, 3), e('custom_emoji', 5, 2, { custom_emoji_id: '1' })]],
  ['<blockquote   cite="" askdlbas nasjdbaj nj12b3>a&lt;<pre  >b;</></>', 'a<b;', [e('blockquote', 0, 4), e('pre', 2, 2)]],
  ['<blockquote   expandable>a&lt;<pre  >b;</></>', 'a<b;', [e('expandable_blockquote', 0, 4), e('pre', 2, 2)]],
  ['<blockquote   expandable=false>a&lt;<pre  >b;</></>', 'a<b;', [e('expandable_blockquote', 0, 4), e('pre', 2, 2)]],
];

for (const [markup, text, entities] of okCases) {
  test(`parses ${JSON.stringify(markup)}`, () => {
    assert.deepEqual(parseHtml(markup), { text, entities });
  });
}

test('renders parsed entities back with only the allowed tags and everything else escaped', () => {
  const { text, entities } = parseHtml(
    '<b>Buy</b> 1 &lt;script&gt;alert(1)&lt;/script&gt; <a href="https://example.org/?a=1&amp;b=&quot;x&quot;">link</a> '
    + '<tg-spoiler>s</tg-spoiler> <pre><code class="language-js">x</code></pre> <blockquote expandable>q</blockquote>');
  assert.equal(renderHtml(text, entities),
    '<b>Buy</b> 1 &lt;script&gt;alert(1)&lt;/script&gt; '
    + '<a href="https://example.org/?a=1&amp;b=&quot;x&quot;" target="_blank" rel="noopener noreferrer">link</a> '
    + '<span class="tg-spoiler">s</span> <pre data-language="js">x</pre> <blockquote class="expandable">q</blockquote>');
});

test('render drops entities that cross each other or fall outside the text, and never links script URLs', () => {
  const html = renderHtml('abcdef', [
    { type: 'bold', offset: 0, length: 3 },
    { type: 'italic', offset: 2, length: 3 },
    { type: 'code', offset: 4, length: 10 },
    { type: 'text_link', offset: 3, length: 2, url: 'javascript:alert(1)' },
  ]);
  assert.equal(html, '<b>abc</b><span class="link">de</span>f');
});
