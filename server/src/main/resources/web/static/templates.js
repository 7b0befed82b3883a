'use strict';

// The Templates page: everyone lists usable templates and creates spaces from them; admins edit them.
const NEW_TEMPLATE_SPEC = `image: warren-base:latest
command: ["sleep", "2147483647"]
hostname: "\${{ .space.name }}"
volumes:
  home: /root
`;

document.addEventListener('alpine:init', () => {
  Alpine.data('templates', () => ({
    admin: warren.user.is_admin,
    templates: [],
    loaded: false,
    error: '',
    editing: null,
    deleting: null,
    dialogError: '',
    form: {},
    errors: warren.errors(),

    async init() {
      await this.load();
    },

    async load() {
      try {
        this.templates = await warren.api('GET', '/api/templates');
      } catch (error) {
        this.error = error.message;
      }
      this.loaded = true;
    },

    edit(template) {
      this.editing = template;
      this.form = template
        ? { name: template.name, description: template.description || '', icon_url: template.icon_url || '',
            spec: template.spec, active: template.active,
            custom_fields: (template.custom_fields || []).map(f => ({ ...f })) }
        : { name: '', description: '', icon_url: '', spec: NEW_TEMPLATE_SPEC, active: true, custom_fields: [] };
      this.errors.clear();
      this.$refs.editor.showModal();
    },

    busy: false,

    async save() {
      this.errors.clear();
      this.busy = true;
      const body = { ...this.form, custom_fields: this.form.custom_fields.filter(f => f.name.trim()) };
      try {
        if (this.editing) {
          await warren.api('PUT', `/api/templates/${this.editing.id}`, body);
        } else {
          await warren.api('POST', '/api/templates', body);
        }
        this.$refs.editor.close();
        await this.load();
      } catch (error) {
        this.errors.set(error);
      } finally {
        this.busy = false;
      }
    },

    askDelete(template) {
      this.deleting = template;
      this.dialogError = '';
      this.$refs.deleteDialog.showModal();
    },

    async confirmDelete() {
      try {
        await warren.api('DELETE', `/api/templates/${this.deleting.id}`);
        this.$refs.deleteDialog.close();
        await this.load();
      } catch (error) {
        this.dialogError = error.message;
      }
    },
  }));
});
