'use strict';
// Bot API errors and parameter reading. Parameters arrive as JSON values, or as strings from
// query strings and form bodies, so every reader accepts both.

class ApiError extends Error {
  constructor(errorCode, description, parameters) {
    super(description);
    this.errorCode = errorCode;
    this.description = description;
    this.parameters = parameters;
  }
}

const badRequest = (detail) => new ApiError(400, `Bad Request: ${detail}`);

class Params {
  constructor(values) {
    this.values = values;
  }

  has(name) {
    const value = this.values[name];
    return value !== undefined && value !== null && value !== '';
  }

  raw(name) {
    return this.values[name];
  }

  string(name) {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') throw badRequest(`field "${name}" must be of type String`);
    return String(value);
  }

  integer(name, { missing } = {}) {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') {
      if (missing) throw badRequest(missing);
      return undefined;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim()) && Number.isSafeInteger(Number(value))) return Number(value);
    throw badRequest(`field "${name}" must be an integer, got ${JSON.stringify(value)}`);
  }

  boolean(name) {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return false;
    if (value === true || value === 'true' || value === '1' || value === 1) return true;
    if (value === false || value === 'false' || value === '0' || value === 0) return false;
    throw badRequest(`field "${name}" must be a Boolean, got ${JSON.stringify(value)}`);
  }

  /** A JSON-serialized object or array parameter (form posts send it as a JSON string). */
  json(name, what) {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }

  /** chat_id: an integer; "@username" chats do not exist in the stand-in. */
  chatId() {
    const value = this.values.chat_id;
    if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
    if (typeof value === 'string' && !/^-?\d+$/.test(value.trim())) throw badRequest('chat not found');
    const id = this.integer('chat_id');
    if (id === 0) throw badRequest('chat not found');
    return id;
  }
}

module.exports = { ApiError, Params, badRequest };
