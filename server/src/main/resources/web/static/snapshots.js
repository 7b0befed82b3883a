'use strict';

// The Snapshots page: the caller's snapshots (list, take one of a sandbox, delete, start a sandbox from one).
document.addEventListener('alpine:init', () => {
  Alpine.data('snapshots', () => ({
    snapshots: [],
    sandboxes: [],
    loading: false,
    loaded: false,
    error: '',
    created: null,
    busy: '',
    deleting: null,
    dialogError: '',
    form: { sandbox: '', name: '' },
    errors: warren.errors(),

    async init() {
      await this.load();
    },

    async load() {
      this.loading = true;
      try {
        const [snapshots, sandboxes] = await Promise.all([
          warren.api('GET', '/api/snapshots'),
          warren.api('GET', '/api/sandboxes?state=running,paused&limit=1000'),
        ]);
        this.snapshots = snapshots.snapshots;
        this.sandboxes = sandboxes.sandboxes;
        this.error = '';
      } catch (error) {
        this.error = error.message;
      }
      this.loading = false;
      this.loaded = true;
    },

    async take() {
      this.errors.clear();
      if (!this.form.sandbox) {
        this.errors.set({ validations: [{ field: 'sandbox', message: 'Choose the sandbox to take a snapshot of.' }] });
        return;
      }
      this.busy = 'take';
      try {
        const name = this.form.name.trim();
        await warren.api('POST', `/api/sandboxes/${this.form.sandbox}/snapshots`, name ? { name } : {});
        this.form = { sandbox: '', name: '' };
        await this.load();
      } catch (error) {
        this.errors.set(error);
      } finally {
        this.busy = '';
      }
    },

    async sandboxFrom(snapshot) {
      this.busy = snapshot.id;
      this.created = null;
      this.error = '';
      try {
        const sandbox = await warren.api('POST', '/api/sandboxes', { snapshot: snapshot.id });
        this.created = { name: sandbox.name, from: snapshot.name };
        await this.load();
      } catch (error) {
        this.error = error.message;
      } finally {
        this.busy = '';
      }
    },

    askDelete(snapshot) {
      this.deleting = snapshot;
      this.dialogError = '';
      this.$refs.deleteDialog.showModal();
    },

    async confirmDelete() {
      this.busy = 'delete';
      try {
        await warren.api('DELETE', `/api/snapshots/${this.deleting.id}`);
        this.$refs.deleteDialog.close();
        await this.load();
      } catch (error) {
        this.dialogError = error.message;
      } finally {
        this.busy = '';
      }
    },
  }));
});
