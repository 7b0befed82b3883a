'use strict';

// The Spaces page: lists the caller's spaces, keeps their status live from /api/events, and drives their lifecycle.
document.addEventListener('alpine:init', () => {
  Alpine.data('spaces', () => ({
    me: warren.user,
    spaces: [],
    loaded: false,
    live: false,
    error: '',
    deleting: null,
    dialogError: '',
    editing: null,
    form: { name: '', description: '', icon_url: '', alt_names: [] },
    formErrors: warren.errors(),

    async init() {
      warren.spaceEvents(event => this.onEvent(event), () => { this.live = true; this.load(); });
      await this.load();
    },

    async load() {
      try {
        this.spaces = await warren.api('GET', '/api/spaces');
        this.error = '';
      } catch (error) {
        this.error = error.message;
      }
      this.loaded = true;
    },

    onEvent(event) {
      if (event.type === 'deleted') {
        this.spaces = this.spaces.filter(s => s.id !== event.space_id); // deleted here or elsewhere
        return;
      }
      const space = this.spaces.find(s => s.id === event.space_id);
      if (!space) {
        this.load(); // a space created elsewhere, or one shared with us
        return;
      }
      Object.assign(space, {
        name: event.name, state: event.state, is_running: event.is_running, is_pending: event.is_pending,
        update_available: event.update_available, detail: event.detail, healthy: event.healthy,
      });
    },

    async act(space, action) {
      this.error = '';
      const before = space.state;
      space.state = { start: 'starting', stop: 'stopping', restart: 'stopping' }[action];
      try {
        Object.assign(space, await warren.api('POST', `/api/spaces/${space.id}/${action}`));
      } catch (error) {
        space.state = before;
        this.error = `Could not ${action} ${space.name}: ${error.message}`;
      }
    },

    askDelete(space) {
      this.deleting = space;
      this.dialogError = '';
      this.$refs.deleteDialog.showModal();
    },

    async confirmDelete() {
      const space = this.deleting;
      try {
        await warren.api('DELETE', `/api/spaces/${space.id}`);
        this.spaces = this.spaces.filter(s => s.id !== space.id);
        this.$refs.deleteDialog.close();
      } catch (error) {
        this.dialogError = error.message;
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
      try {
        const body = { ...this.form, alt_names: this.form.alt_names.map(n => n.trim()).filter(n => n) };
        Object.assign(this.editing, await warren.api('PATCH', `/api/spaces/${this.editing.id}`, body));
        this.$refs.editDialog.close();
      } catch (error) {
        this.formErrors.set(error);
      }
    },
  }));
});
