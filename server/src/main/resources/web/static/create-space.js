'use strict';

// The Create Space form, reached from a template's menu: /spaces/new?template=NAME.
document.addEventListener('alpine:init', () => {
  Alpine.data('createSpace', () => ({
    admin: warren.user.is_admin,
    shells: warren.shells,
    template: null,
    users: [],
    loadError: '',
    busy: false,
    errors: warren.errors(),
    form: {
      name: '', description: '', icon_url: '', alt_names: [], shell: warren.user.preferred_shell || 'bash',
      custom_fields: {}, start_on_create: false, for_user: '',
    },

    async init() {
      const params = new URLSearchParams(location.search);
      const name = params.get('template');
      if (!name) {
        this.loadError = 'Choose a template first: open Templates and pick Create Space from its menu.';
        return;
      }
      try {
        this.template = await warren.api('GET', `/api/templates/${encodeURIComponent(name)}`);
        this.template.custom_fields.forEach(f => { this.form.custom_fields[f.name] = ''; });
        if (this.admin) {
          this.users = (await warren.api('GET', '/api/users')).filter(u => u.id !== warren.user.id);
          if (params.get('for')) this.$nextTick(() => document.querySelector('select[name=for_user]')?.focus());
        }
      } catch (error) {
        this.loadError = error.message;
      }
    },

    async submit() {
      this.busy = true;
      this.errors.clear();
      const body = {
        name: this.form.name.trim(),
        template: this.template.id,
        description: this.form.description,
        icon_url: this.form.icon_url || null,
        alt_names: this.form.alt_names.map(n => n.trim()).filter(n => n),
        shell: this.form.shell,
        custom_fields: this.form.custom_fields,
        start_on_create: this.form.start_on_create,
        for_user: this.form.for_user || null,
      };
      try {
        const created = await warren.api('POST', '/api/spaces', body);
        // A space made for someone else is not in the admin's own list: say where it went.
        const query = new URLSearchParams({ created: created.name });
        if (created.username !== warren.user.username) query.set('for', created.username);
        location.href = '/spaces?' + query;
      } catch (error) {
        this.errors.set(error);
      } finally {
        this.busy = false;
      }
    },
  }));
});
