'use strict';

// The Volumes page: the caller's named volumes (list, create, delete) and a file browser for one of them.
document.addEventListener('alpine:init', () => {
  Alpine.data('volumes', () => ({
    volumes: [],
    loading: false,
    loaded: false,
    error: '',
    busy: '',
    name: '',
    browsing: '',
    deleting: null,
    dialogError: '',
    errors: warren.errors(),

    async init() {
      await this.load();
    },

    async load() {
      this.loading = true;
      try {
        this.volumes = await warren.api('GET', '/api/volumes');
        this.error = '';
      } catch (error) {
        this.error = error.message;
      }
      this.loading = false;
      this.loaded = true;
    },

    async create() {
      this.errors.clear();
      this.busy = 'create';
      try {
        await warren.api('POST', '/api/volumes', { name: this.name.trim() });
        this.name = '';
        await this.load();
      } catch (error) {
        this.errors.set(error);
      } finally {
        this.busy = '';
      }
    },

    browse(volume) {
      this.browsing = volume.name;
    },

    askDelete(volume) {
      this.deleting = volume;
      this.dialogError = '';
      this.$refs.deleteDialog.showModal();
    },

    async confirmDelete() {
      this.busy = 'delete';
      try {
        await warren.api('DELETE', `/api/volumes/${encodeURIComponent(this.deleting.name)}`);
        if (this.browsing === this.deleting.name) this.browsing = '';
        this.$refs.deleteDialog.close();
        await this.load();
      } catch (error) {
        this.dialogError = error.message; // e.g. 423 while a space mounts it
      } finally {
        this.busy = '';
      }
    },
  }));
});
