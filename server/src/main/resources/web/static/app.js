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
    if (response.status === 401 && user) {
      location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
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
    };
  }

  /** Calls `onSpace(event)` for each live `space` and `deleted` event (`event.type` tells which); the browser reconnects by itself. */
  function spaceEvents(onSpace, onOpen) {
    const source = new EventSource('/api/events');
    source.addEventListener('space', e => onSpace(JSON.parse(e.data)));
    source.addEventListener('deleted', e => onSpace(JSON.parse(e.data)));
    if (onOpen) source.addEventListener('open', onOpen);
    return source;
  }

  const label = state => state ? state.charAt(0).toUpperCase() + state.slice(1) : 'Unknown';

  const shells = ['bash', 'zsh', 'fish', 'sh'];

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('logout')?.addEventListener('click', async () => {
      try { await api('POST', '/api/auth/logout'); } finally { location.href = '/login'; }
    });
  });

  return { user, api, errors, spaceEvents, label, shells, ApiError };
})();
