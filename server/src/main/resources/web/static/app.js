// Shared by every page: the API client (session cookie + CSRF header), field errors, live events, menus.
'use strict';

const warren = (() => {
  const meta = name => document.querySelector(`meta[name="${name}"]`)?.content || '';
  const user = JSON.parse(meta('warren-user') || 'null');

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.error || `The server answered ${status}.`);
      this.status = status;
      this.validations = body?.validations || [];
    }
  }

  /** Calls the JSON API; resolves to the parsed answer (null for 204), rejects with ApiError. */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = meta('warren-csrf');
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && user) toLogin();
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  /** The session ended (expired, logged out elsewhere): log in again, then come back to this very page. */
  function toLogin() {
    location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
  }

  /**
   * Sends a body with XMLHttpRequest, the one browser API that reports upload progress: `onProgress(sent, total)`.
   * Resolves to the parsed answer; rejects with ApiError carrying the server's sentence (a 413 included).
   */
  function send(method, path, body, headers, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, path);
      xhr.setRequestHeader('X-CSRF-Token', meta('warren-csrf'));
      xhr.setRequestHeader('Accept', 'application/json');
      Object.entries(headers || {}).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      if (onProgress) xhr.upload.addEventListener('progress', e => onProgress(e.loaded, e.total));
      xhr.addEventListener('load', () => {
        if (xhr.status === 401 && user) toLogin();
        let data = null;
        try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = { error: xhr.responseText }; }
        if (xhr.status >= 200 && xhr.status < 300) resolve(data);
        else reject(new ApiError(xhr.status, data));
      });
      xhr.addEventListener('error', () => reject(new ApiError(0, { error: 'The connection to the server broke.' })));
      xhr.send(body);
    });
  }

  /**
   * Errors of one form: `of(field)` gives the messages for a field (or its sub-fields such as alt_names[0]),
   * `general` the sentence when no field is named. Use inside Alpine state so it stays reactive.
   */
  function errors() {
    return {
      general: '',
      list: [],
      of(field) {
        return this.list.filter(v => v.field === field || v.field.startsWith(field + '.')
            || v.field.startsWith(field + '[')).map(v => v.message).join(' ');
      },
      set(error) {
        this.list = error.validations || [];
        this.general = this.list.length ? '' : (error.message || String(error));
      },
      clear() { this.list = []; this.general = ''; },
      /** Drops the messages of a field once the user changes it, so a fixed field stops showing its error. */
      forget(field) {
        if (!field) return;
        this.list = this.list.filter(v => !(v.field === field || v.field.startsWith(field + '.')
            || v.field.startsWith(field + '[')));
      },
    };
  }

  /** Calls `onSpace(event)` for each live `space` and `deleted` event (`event.type` tells which); the browser reconnects by itself. */
  function spaceEvents(onSpace, onOpen) {
    const source = new EventSource('/api/events');
    source.addEventListener('space', e => onSpace(JSON.parse(e.data)));
    source.addEventListener('deleted', e => onSpace(JSON.parse(e.data)));
    if (onOpen) source.addEventListener('open', onOpen);
    // A refused stream (the session expired) is not retried by the browser: ask who we are, which sends the
    // user to the login page on a 401.
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) api('GET', '/api/auth/me').catch(() => {});
    });
    return source;
  }

  /** Sizes as people read them: 1.5 MB. */
  function bytes(n) {
    if (n === null || n === undefined) return '';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)) + ' ' + units[unit];
  }

  /** A length of time in words: 3d 4h, 2h 5m, 4m 10s, 12s. */
  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    if (d) return `${d}d ${h}h`;
    if (h) return `${h}h ${m}m`;
    if (m) return `${m}m ${s % 60}s`;
    return `${s}s`;
  }

  const when = iso => iso ? new Date(iso).toLocaleString() : '';

  const label = state => state ? state.charAt(0).toUpperCase() + state.slice(1) : 'Unknown';

  const shells = ['bash', 'zsh', 'fish', 'sh'];

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('logout')?.addEventListener('click', async () => {
      try { await api('POST', '/api/auth/logout'); } finally { location.href = '/login'; }
    });
  });

  return { user, api, send, errors, spaceEvents, label, shells, bytes, duration, when, toLogin, ApiError };
})();
