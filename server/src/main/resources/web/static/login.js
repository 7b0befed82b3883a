'use strict';

document.addEventListener('alpine:init', () => {
  Alpine.data('login', () => ({
    username: '',
    password: '',
    busy: false,
    errors: warren.errors(),
    async submit() {
      this.busy = true;
      this.errors.clear();
      try {
        await warren.api('POST', '/api/auth/login', { username: this.username, password: this.password });
        const next = new URLSearchParams(location.search).get('next') || '';
        location.href = next.startsWith('/') && !next.startsWith('//') ? next : '/spaces';
      } catch (error) {
        this.errors.set(error);
      } finally {
        this.busy = false;
      }
    },
  }));
});
