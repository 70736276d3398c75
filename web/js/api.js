// SPDX-License-Identifier: Apache-2.0
// api.js - talking to /api/v1: JSON in and out, the session cookie sent by
// the browser, the CSRF token kept in memory only (never in storage).

let csrf = null;
let onExpired = () => {};

export class ApiError extends Error {
  // body: the whole answer, for refusals that say more than the error
  // (a merge's conflicts).
  constructor(status, error, body) {
    super(error && error.message ? error.message : `HTTP ${status}`);
    this.status = status;
    this.code = error && error.code;
    this.field = error && error.field;
    this.body = body || null;
  }
}

export function setCsrf(token) { csrf = token; }

// Called when a request finds the session ended (401 after login).
export function whenExpired(fn) { onExpired = fn; }

export async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let r;
  try {
    r = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { message: e.message });	// the network
  }
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (r.ok) return data;
  const err = new ApiError(r.status, data && data.error, data);
  if (r.status === 401 && csrf && path !== '/session') {
    csrf = null;
    onExpired(err);
  }
  throw err;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body || {});
export const del = path => call('DELETE', path);
