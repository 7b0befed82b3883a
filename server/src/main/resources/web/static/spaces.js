'use strict';

// The Spaces page: lists the caller's spaces and sandboxes (a sandbox is a space: /api/sandboxes says which),
// keeps their status live from /api/events, filters them, and drives their lifecycle.
document.addEventListener('alpine:init', () => {
  Alpine.data('spaces', () => ({
    me: warren.user,
    spaces: [],
    sandboxes: {},
    loaded: false,
    loading: false,
    live: false,
    error: '',
    notice: '',
    everyone: false,
    filter: { kind: '', metadata: '' },
    now: Date.now(),
    deleting: null,
    dialogError: '',
    editing: null,
    form: { name: '', description: '', icon_url: '', alt_names: [] },
    formErrors: warren.errors(),
    target: null,
    forkCount: 1,
    timeoutMinutes: 10,
    sandboxError: '',
    busy: false,

    async init() {
      const params = new URLSearchParams(location.search);
      if (params.get('created')) {
        this.notice = params.get('for')
          ? `Created space ${params.get('created')} for ${params.get('for')}. It is in their Spaces list;`
            + ' tick "Everyone\'s spaces" to see it here.'
          : `Created space ${params.get('created')}.`;
        history.replaceState(null, '', '/spaces');
      }
      setInterval(() => { this.now = Date.now(); }, 1000);
      warren.spaceEvents(event => this.onEvent(event), () => { this.live = true; this.load(); });
      await this.load();
    },

    async load() {
      this.loading = true;
      const all = this.everyone ? '?all=true' : '';
      try {
        const [spaces, sandboxes] = await Promise.all([
          warren.api('GET', '/api/spaces' + all),
          this.loadSandboxes(),
        ]);
        this.sandboxes = sandboxes;
        this.spaces = spaces;
        this.error = '';
      } catch (error) {
        this.error = error.message;
      }
      this.loading = false;
      this.loaded = true;
    },

    /** Every sandbox the caller sees, by id, following the list's cursors (bounded: 20 pages of 1000). */
    async loadSandboxes() {
      const found = {};
      let cursor = null;
      for (let page = 0; page < 20; page++) {
        const query = new URLSearchParams({ limit: '1000' });
        if (this.everyone) query.set('all', 'true');
        if (cursor) query.set('cursor', cursor);
        const answer = await warren.api('GET', '/api/sandboxes?' + query);
        answer.sandboxes.forEach(s => { found[s.id] = s; });
        cursor = answer.next_cursor;
        if (!cursor) break;
      }
      return found;
    },

    /** The spaces the filters let through: kind (space or sandbox) and metadata pairs key=value, all matching. */
    get shown() {
      const pairs = this.filter.metadata.split(/[\s,]+/).filter(p => p).map(p => {
        const at = p.indexOf('=');
        return at < 0 ? [p, null] : [p.slice(0, at), p.slice(at + 1)];
      });
      return this.spaces.filter(space => {
        const sandbox = this.sandboxes[space.id];
        if (this.filter.kind === 'space' && sandbox) return false;
        if (this.filter.kind === 'sandbox' && !sandbox) return false;
        if (!pairs.length) return true;
        const metadata = sandbox?.metadata || {};
        return pairs.every(([key, value]) => key in metadata && (value === null || metadata[key] === value));
      });
    },

    sandboxOf(space) {
      return this.sandboxes[space.id] || null;
    },

    metadataOf(space) {
      return Object.entries(this.sandboxOf(space)?.metadata || {}).map(([k, v]) => `${k}=${v}`);
    },

    /** "ends in 4m 10s", or when its time is up. */
    remaining(space) {
      const sandbox = this.sandboxOf(space);
      if (!sandbox?.end_at) return '';
      const left = new Date(sandbox.end_at).getTime() - this.now;
      return left > 0 ? `ends in ${warren.duration(left)}` : 'time is up';
    },

    pageOf(space) {
      return '/spaces/' + encodeURIComponent(space.username === this.me.username ? space.name : space.id);
    },

    onEvent(event) {
      if (event.type === 'deleted') {
        this.spaces = this.spaces.filter(s => s.id !== event.space_id); // deleted here or elsewhere
        return;
      }
      const space = this.spaces.find(s => s.id === event.space_id);
      if (!space) {
        this.load(); // a space created elsewhere (a fork, say), or one shared with us
        return;
      }
      Object.assign(space, {
        name: event.name, state: event.state, is_running: event.is_running, is_pending: event.is_pending,
        update_available: event.update_available, detail: event.detail, healthy: event.healthy,
      });
      const sandbox = this.sandboxOf(space);
      if (sandbox && sandbox.state !== event.state) this.refreshSandbox(space); // a resume renews its life span
    },

    async refreshSandbox(space) {
      try {
        this.sandboxes[space.id] = await warren.api('GET', `/api/sandboxes/${space.id}`);
      } catch {
        // gone: the deleted event removes the row
      }
    },

    async act(space, action) {
      this.error = '';
      const before = space.state;
      space.busy = action;
      space.state = { start: 'starting', stop: 'stopping', restart: 'stopping', pause: 'pausing',
        resume: 'resuming' }[action];
      try {
        // A sandbox pauses and resumes through its own routes: resuming gives it its life span again.
        const sandbox = this.sandboxOf(space) && (action === 'pause' || action === 'resume');
        const answer = await warren.api('POST', `/api/${sandbox ? 'sandboxes' : 'spaces'}/${space.id}/${action}`);
        if (sandbox) {
          this.sandboxes[space.id] = answer;
          space.state = answer.state;
        } else {
          Object.assign(space, answer);
        }
      } catch (error) {
        space.state = before;
        this.error = `Could not ${action} ${space.name}: ${error.message}`;
      } finally {
        space.busy = null;
      }
    },

    /**
     * Opens a port in a new tab through the port URL proxy with a 10-minute preview link: its host is not this
     * page's, so the session cookie does not reach it. The tab is opened first, inside the click, so popup
     * blockers let it through.
     */
    async openPort(space, port) {
      this.error = '';
      const tab = window.open('about:blank', '_blank');
      try {
        const preview = await warren.api('POST', `/api/spaces/${space.id}/ports/${port}/previews`, { ttl_seconds: 600 });
        if (tab) {
          tab.opener = null;
          tab.location.href = preview.url;
        } else {
          location.href = preview.url;
        }
      } catch (error) {
        if (tab) tab.close();
        this.error = `Could not open port ${port} of ${space.name}: ${error.message}`;
      }
    },

    askDelete(space) {
      this.deleting = space;
      this.dialogError = '';
      this.$refs.deleteDialog.showModal();
    },

    async confirmDelete() {
      const space = this.deleting;
      this.busy = true;
      try {
        await warren.api('DELETE', `/api/spaces/${space.id}`);
        this.spaces = this.spaces.filter(s => s.id !== space.id);
        this.$refs.deleteDialog.close();
      } catch (error) {
        this.dialogError = error.message;
      } finally {
        this.busy = false;
      }
    },

    edit(space) {
      this.editing = space;
      this.form = {
        name: space.name, description: space.description || '', icon_url: space.icon_url || '',
        alt_names: [...(space.alt_names || [])],
      };
      this.formErrors.clear();
      this.$refs.editDialog.showModal();
    },

    async saveEdit() {
      this.formErrors.clear();
      this.busy = true;
      try {
        const body = { ...this.form, alt_names: this.form.alt_names.map(n => n.trim()).filter(n => n) };
        Object.assign(this.editing, await warren.api('PATCH', `/api/spaces/${this.editing.id}`, body));
        this.$refs.editDialog.close();
      } catch (error) {
        this.formErrors.set(error);
      } finally {
        this.busy = false;
      }
    },

    /** Opens one of the sandbox dialogs (fork, timeout, kill) for a space. */
    askSandbox(space, dialog) {
      this.target = space;
      this.sandboxError = '';
      this.$refs[dialog].showModal();
    },

    async sandboxAction(dialog, request) {
      this.busy = true;
      this.sandboxError = '';
      try {
        await request();
        this.$refs[dialog].close();
      } catch (error) {
        this.sandboxError = error.message;
      } finally {
        this.busy = false;
      }
    },

    fork() {
      const space = this.target;
      return this.sandboxAction('forkDialog', async () => {
        const answer = await warren.api('POST', `/api/sandboxes/${space.id}/fork`, { n: Number(this.forkCount) });
        this.notice = `Forked ${space.name} into ${answer.sandboxes.map(s => s.name).join(', ')}.`;
        await this.load();
      });
    },

    extend() {
      const space = this.target;
      return this.sandboxAction('timeoutDialog', async () => {
        const seconds = Math.round(Number(this.timeoutMinutes) * 60);
        this.sandboxes[space.id] = await warren.api('POST', `/api/sandboxes/${space.id}/timeout`, { timeout: seconds });
      });
    },

    kill() {
      const space = this.target;
      return this.sandboxAction('killDialog', async () => {
        await warren.api('DELETE', `/api/sandboxes/${space.id}`);
        this.spaces = this.spaces.filter(s => s.id !== space.id);
      });
    },
  }));
});
