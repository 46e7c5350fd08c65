#!/usr/bin/env node
// The terminal view of ./run.sh: reads the app's JSON console log on stdin (the full log goes to a file via tee) and
// prints only what a person at the terminal acts on: warnings, errors and one line per trade state change.
'use strict';
const readline = require('node:readline');

// SaveTradeStepActivity.StateChangedEventId: the one Information event the terminal shows.
const TRADE_STATE_CHANGED = 4100;
const SHOWN_LEVELS = new Set(['Warning', 'Error', 'Critical']);
// A runaway message must not flood the terminal; the file keeps all of it.
const MAX_LINE = 300;

function clip(text) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_LINE ? flat : `${flat.slice(0, MAX_LINE - 1)}…`;
}

function time(entry) {
  const stamp = typeof entry.Timestamp === 'string' ? entry.Timestamp : '';
  const match = /T(\d\d:\d\d:\d\d)/.exec(stamp);
  return match ? match[1] : new Date().toISOString().slice(11, 19);
}

/** The terminal line for one log line, or null to show nothing. Exported for the test. */
function render(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    // Not the app's JSON (dotnet's own start-up output): show it, it is rare and may be the reason nothing works.
    return line.trim() === '' ? null : clip(line);
  }
  if (entry === null || typeof entry !== 'object') return null;
  if (entry.EventId === TRADE_STATE_CHANGED) return `${time(entry)} ${clip(entry.Message)}`;
  if (!SHOWN_LEVELS.has(entry.LogLevel)) return null;
  const category = String(entry.Category ?? '').split('.').pop();
  const exception = typeof entry.Exception === 'string' ? ` (${clip(entry.Exception.split('\n')[0])})` : '';
  return `${time(entry)} ${entry.LogLevel.toUpperCase()} ${category}: ${clip(entry.Message)}${exception}`;
}

if (require.main === module) {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => {
    const shown = render(line);
    if (shown !== null) process.stdout.write(`${shown}\n`);
  });
}

module.exports = { render, TRADE_STATE_CHANGED };
