'use strict';

// The Users page (admins only): list, create, activate and deactivate users.
document.addEventListener('alpine:init', () => {
  Alpine.data('users', () => ({
    me: warren.user,
    users: [],
    loaded: false,
    error: '',
    form: { username: '', email: '', password: '', admin: false },
    errors: warren.errors(),

    async init() {
      await this.load();
    },

    async load() {
      try {
        this.users = await warren.api('GET', '/api/users');
      } catch (error) {
        this.error = error.message;
      }
      this.loaded = true;
    },

    async create() {
      this.errors.clear();
      try {
        await warren.api('POST', '/api/users', {
          username: this.form.username.trim(), email: this.form.email.trim(), password: this.form.password,
          roles: this.form.admin ? ['admin', 'user'] : ['user'],
        });
        this.form = { username: '', email: '', password: '', admin: false };
        await this.load();
      } catch (error) {
        this.errors.set(error);
      }
    },

    async setActive(user, active) {
      try {
        Object.assign(user, await warren.api('PATCH', `/api/users/${user.id}`, { active }));
      } catch (error) {
        this.error = error.message;
        await this.load();
      }
    },
  }));
});
