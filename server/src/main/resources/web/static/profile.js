'use strict';

// The Profile page: preferred shell, service password (on demand), API tokens (secret shown once).
document.addEventListener('alpine:init', () => {
  Alpine.data('profile', () => ({
    shells: warren.shells,
    user: { username: warren.user.username, email: '', preferred_shell: warren.user.preferred_shell },
    accountErrors: warren.errors(),
    accountSaved: false,
    servicePassword: null,
    newServicePassword: '',
    passwordErrors: warren.errors(),
    passwordSaved: false,
    tokens: [],
    tokenName: '',
    tokenDays: '',
    created: null,
    tokenErrors: warren.errors(),

    async init() {
      this.user = await warren.api('GET', '/api/auth/me');
      await this.loadTokens();
    },

    when(instant) {
      return new Date(instant).toLocaleString();
    },

    async saveShell() {
      this.accountErrors.clear();
      this.accountSaved = false;
      try {
        this.user = await warren.api('PATCH', '/api/profile', { preferred_shell: this.user.preferred_shell });
        this.accountSaved = true;
      } catch (error) {
        this.accountErrors.set(error);
      }
    },

    async toggleServicePassword() {
      if (this.servicePassword !== null) {
        this.servicePassword = null;
        return;
      }
      try {
        this.servicePassword = (await warren.api('GET', '/api/profile/service-password')).service_password;
      } catch (error) {
        this.passwordErrors.set(error);
      }
    },

    async setServicePassword(value) {
      this.passwordErrors.clear();
      this.passwordSaved = false;
      try {
        const answer = await warren.api('PUT', '/api/profile/service-password', { service_password: value || null });
        if (this.servicePassword !== null) this.servicePassword = answer.service_password;
        this.newServicePassword = '';
        this.passwordSaved = true;
      } catch (error) {
        this.passwordErrors.set(error);
      }
    },

    async loadTokens() {
      this.tokens = await warren.api('GET', '/api/tokens');
    },

    async createToken() {
      this.tokenErrors.clear();
      try {
        const days = String(this.tokenDays).trim();
        this.created = await warren.api('POST', '/api/tokens',
          { name: this.tokenName.trim(), expires_in_days: days ? Number(days) : null });
        this.tokenName = '';
        this.tokenDays = '';
        await this.loadTokens();
      } catch (error) {
        this.tokenErrors.set(error);
      }
    },

    async revoke(token) {
      if (!confirm(`Revoke the token ${token.name}? Programs using it stop working.`)) return;
      try {
        await warren.api('DELETE', `/api/tokens/${token.id}`);
        await this.loadTokens();
      } catch (error) {
        this.tokenErrors.set(error);
      }
    },

    copy(text) {
      navigator.clipboard?.writeText(text);
    },
  }));
});
