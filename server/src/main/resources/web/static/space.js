'use strict';

// A space's own page, /spaces/{name or id}: state live from /api/events, lifecycle actions, uptime, limits, ports,
// processes, files, recent lifecycle events, sharing, and for a sandbox its metadata, life span, fork and snapshot.
const NON_WEB_PORTS = new Set([22, 25, 53, 110, 143, 465, 587, 993, 995, 1433, 1521, 2049, 3306, 5432, 5672, 6379,
  9042, 9092, 11211, 27017]);

document.addEventListener('alpine:init', () => {
  Alpine.data('spacePage', () => ({
    ref: decodeURIComponent(location.pathname.split('/')[2] || ''),
    space: null,
    sandbox: null,
    template: null,
    missing: '',
    gone: false,
    error: '',
    notice: '',
    busy: '',
    now: Date.now(),
    processes: [],
    processesError: '',
    processesLoading: false,
    killing: null,
    events: [],
    otherPort: '',
    shareWith: '',
    shareErrors: warren.errors(),
    users: {},
    timeoutMinutes: 10,
    forkCount: 1,
    snapshotName: '',
    confirming: null,
    dialogError: '',

    async init() {
      setInterval(() => { this.now = Date.now(); }, 1000);
      setInterval(() => { if (this.space?.state === 'running') this.loadProcesses(); }, 10000);
      await this.load();
      warren.spaceEvents(event => this.onEvent(event));
    },

    async load() {
      try {
        this.space = await warren.api('GET', `/api/spaces/${encodeURIComponent(this.ref)}`);
      } catch (error) {
        this.missing = error.status === 404 ? `There is no space ${this.ref} that you may see: it was deleted, or it`
          + ' is not yours and not shared with you.' : error.message;
        return;
      }
      document.title = `${this.space.name} · warren`;
      this.events = [{ time: this.space.created_at, text: 'Created' }];
      const [sandbox, template, users] = await Promise.all([
        warren.api('GET', `/api/sandboxes/${this.space.id}`).catch(() => null), // a 404: a space, not a sandbox
        warren.api('GET', `/api/templates/${this.space.template_id}`).catch(() => null),
        warren.user.is_admin ? warren.api('GET', '/api/users').catch(() => []) : Promise.resolve([]),
      ]);
      this.sandbox = sandbox;
      this.template = template;
      users.forEach(u => { this.users[u.id] = u.username; });
      await this.loadProcesses();
    },

    onEvent(event) {
      if (!this.space || event.space_id !== this.space.id) return;
      if (event.type === 'deleted') {
        this.gone = true;
        return;
      }
      if (event.state !== event.before) {
        this.events.unshift({ time: event.time, text: `${warren.label(event.before)} → ${warren.label(event.state)}`
          + (event.actor ? ` by ${event.actor}` : '') + (event.detail ? ` (${event.detail})` : '') });
        this.events = this.events.slice(0, 30);
      }
      const wasRunning = this.space.state === 'running';
      Object.assign(this.space, { name: event.name, state: event.state, is_running: event.is_running,
        is_pending: event.is_pending, update_available: event.update_available, detail: event.detail });
      if (this.space.state === 'running' && !wasRunning) this.loadProcesses();
      if (this.sandbox) this.refreshSandbox();
    },

    async refreshSandbox() {
      this.sandbox = await warren.api('GET', `/api/sandboxes/${this.space.id}`).catch(() => this.sandbox);
    },

    async act(action) {
      this.error = '';
      this.busy = action;
      try {
        const viaSandbox = this.sandbox && (action === 'pause' || action === 'resume');
        const answer = await warren.api('POST', `/api/${viaSandbox ? 'sandboxes' : 'spaces'}/${this.space.id}/${action}`);
        if (viaSandbox) this.sandbox = answer;
        this.space.state = answer.state;
        if (answer.state === 'running') await this.loadProcesses();
      } catch (error) {
        this.error = `Could not ${action} ${this.space.name}: ${error.message}`;
      } finally {
        this.busy = '';
      }
    },

    /** How long it has run: since its main command started (the runtime reports that), else not reported. */
    get uptime() {
      if (!this.space || this.space.state !== 'running') return 'not running';
      const main = this.processes.find(p => p.main && p.running && p.started_at);
      return main ? warren.duration(this.now - new Date(main.started_at).getTime()) : 'not reported';
    },

    /** The template's memory and CPU limits, read from its spec; the server's defaults apply to what it leaves out. */
    get limits() {
      const spec = this.template?.spec || '';
      const key = name => (spec.match(new RegExp(`^${name}:\\s*["']?([^"'\\s#]+)`, 'm')) || [])[1];
      const memory = key('memory'), cpus = key('cpus');
      if (!memory && !cpus) return 'the server\'s defaults (the template sets none)';
      return [memory && `memory ${memory}`, cpus && `${cpus} CPUs`].filter(x => x).join(', ');
    },

    get remaining() {
      if (!this.sandbox?.end_at) return '';
      const left = new Date(this.sandbox.end_at).getTime() - this.now;
      return left > 0 ? warren.duration(left) : 'time is up';
    },

    get metadata() {
      return Object.entries(this.sandbox?.metadata || {}).map(([k, v]) => `${k}=${v}`);
    },

    isWeb(port) {
      return !NON_WEB_PORTS.has(port.port) && !/ssh|sql|postgres|redis|mongo|smtp|imap|amqp|kafka/i.test(port.name || '');
    },

    forwardCommand(port) {
      return `warren port forward ${port.port} ${this.space.name} ${port.port}`;
    },

    /** Opens a port in a new tab through the port URL proxy with a 10-minute preview link (see the Spaces page). */
    async openPort(port) {
      this.error = '';
      const tab = window.open('about:blank', '_blank');
      try {
        const preview = await warren.api('POST', `/api/spaces/${this.space.id}/ports/${port}/previews`, { ttl_seconds: 600 });
        if (tab) {
          tab.opener = null;
          tab.location.href = preview.url;
        } else {
          location.href = preview.url;
        }
      } catch (error) {
        if (tab) tab.close();
        this.error = `Could not open port ${port}: ${error.message}`;
      }
    },

    async loadProcesses() {
      if (!this.space || this.space.state !== 'running') {
        this.processes = [];
        return;
      }
      this.processesLoading = true;
      try {
        this.processes = await warren.api('GET', `/api/spaces/${this.space.id}/processes`);
        this.processesError = '';
      } catch (error) {
        this.processesError = error.message;
      }
      this.processesLoading = false;
    },

    async killProcess(process) {
      this.killing = process.pid;
      try {
        await warren.api('DELETE', `/api/spaces/${this.space.id}/processes/${process.pid}`);
        await this.loadProcesses();
      } catch (error) {
        this.processesError = error.message;
      } finally {
        this.killing = null;
      }
    },

    userName(id) {
      return this.users[id] || id;
    },

    async share() {
      this.shareErrors.clear();
      const user = this.shareWith.trim();
      if (!user) return;
      this.busy = 'share';
      try {
        Object.assign(this.space, await warren.api('POST', `/api/spaces/${this.space.id}/share`, { users: [user] }));
        this.shareWith = '';
      } catch (error) {
        this.shareErrors.set(error);
      } finally {
        this.busy = '';
      }
    },

    async unshare(user) {
      this.busy = 'unshare';
      try {
        await warren.api('POST', `/api/spaces/${this.space.id}/unshare`, { user });
        this.space = await warren.api('GET', `/api/spaces/${this.space.id}`);
      } catch (error) {
        this.shareErrors.set(error);
      } finally {
        this.busy = '';
      }
    },

    async sandboxCall(what, call) {
      this.error = '';
      this.notice = '';
      this.busy = what;
      try {
        await call();
      } catch (error) {
        this.error = error.message;
      } finally {
        this.busy = '';
      }
    },

    extend() {
      return this.sandboxCall('extend', async () => {
        this.sandbox = await warren.api('POST', `/api/sandboxes/${this.space.id}/timeout`,
          { timeout: Math.round(Number(this.timeoutMinutes) * 60) });
        this.notice = `It now ends at ${warren.when(this.sandbox.end_at)}.`;
      });
    },

    fork() {
      return this.sandboxCall('fork', async () => {
        const answer = await warren.api('POST', `/api/sandboxes/${this.space.id}/fork`, { n: Number(this.forkCount) });
        this.notice = `Forked into ${answer.sandboxes.map(s => s.name).join(', ')}.`;
      });
    },

    snapshot() {
      return this.sandboxCall('snapshot', async () => {
        const name = this.snapshotName.trim();
        const taken = await warren.api('POST', `/api/sandboxes/${this.space.id}/snapshots`, name ? { name } : {});
        this.notice = `Snapshot ${taken.name} taken; see Snapshots.`;
        this.snapshotName = '';
      });
    },

    /** Delete (a stopped space) and kill (a sandbox) go through one confirmation dialog. */
    ask(what) {
      this.confirming = what;
      this.dialogError = '';
      this.$refs.confirmDialog.showModal();
    },

    async confirm() {
      this.busy = this.confirming;
      try {
        await warren.api('DELETE', `/api/${this.confirming === 'kill' ? 'sandboxes' : 'spaces'}/${this.space.id}`);
        location.href = '/spaces';
      } catch (error) {
        this.dialogError = error.message;
        this.busy = '';
      }
    },
  }));
});
