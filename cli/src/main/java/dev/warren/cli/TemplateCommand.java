package dev.warren.cli;

import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code warren template list|get|create|edit|delete}; specs are read from files. */
@Command(name = "template", description = "List and read templates; admins create, edit and delete them.",
        subcommands = {TemplateCommand.ListTemplates.class, TemplateCommand.Get.class, TemplateCommand.Create.class,
                TemplateCommand.Edit.class, TemplateCommand.Delete.class, TemplatePoolCommand.class})
final class TemplateCommand {
    private TemplateCommand() {}

    static String readSpec(Base command, Path file) {
        try {
            return file.toString().equals("-") ? command.readStdin() : Files.readString(file);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read the spec file " + file + ": " + error.getMessage(), error);
        }
    }

    static List<CustomField> fields(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> new CustomField(e.getKey(), e.getValue())).toList();
    }

    @Command(name = "list", description = "List templates.")
    static final class ListTemplates extends Base {
        @Override
        public Integer call() {
            List<TemplateInfo> templates = warren().templates().list();
            return print(templates, () -> Output.table(out(), List.of("NAME", "ACTIVE", "PORTS", "DESCRIPTION"),
                    templates.stream().map(t -> Output.row(t.name(), t.active() ? "yes" : "no",
                            t.ports() == null ? "" : t.ports().stream().map(p -> p.name() + "=" + p.port()).toList(),
                            t.description())).toList()));
        }
    }

    @Command(name = "get", description = "Show a template and its spec.")
    static final class Get extends Base {
        @Parameters(paramLabel = "TEMPLATE", description = "Name or id.")
        String template;
        @Option(names = "--spec", description = "Print only the spec (to save and edit it).")
        boolean specOnly;

        @Override
        public Integer call() {
            TemplateInfo info = warren().templates().get(template);
            return print(info, () -> {
                if (specOnly) {
                    out().print(info.spec());
                    return;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", info.id());
                fields.put("name", info.name());
                fields.put("description", info.description());
                fields.put("active", info.active());
                fields.put("hash", info.hash());
                fields.put("ports", info.ports() == null ? List.of()
                        : info.ports().stream().map(p -> p.name() + "=" + p.port()).toList());
                fields.put("custom fields", info.customFields() == null ? List.of()
                        : info.customFields().stream().map(CustomField::name).toList());
                fields.put("updated", info.updatedAt());
                Output.fields(out(), fields);
                out().println();
                out().println(info.spec());
            });
        }
    }

    @Command(name = "create", description = "Create a template from a spec file (admin).")
    static final class Create extends Base {
        @Parameters(paramLabel = "NAME", description = "The template's name.")
        String name;
        @Option(names = {"-s", "--spec-file"}, required = true, paramLabel = "FILE", description = "The spec ('-' for stdin).")
        Path specFile;
        @Option(names = {"-d", "--description"}, defaultValue = "", description = "A description.")
        String description;
        @Option(names = "--icon-url", description = "Icon URL.")
        String iconUrl;
        @Option(names = "--field", paramLabel = "NAME=DESCRIPTION", description = "A custom field (repeatable).")
        Map<String, String> fields = new LinkedHashMap<>();
        @Option(names = "--inactive", description = "Create it inactive (hidden from users).")
        boolean inactive;

        @Override
        public Integer call() {
            TemplateInfo info = warren().templates().create(new TemplateRequest(name, description, iconUrl,
                    readSpec(this, specFile), fields(fields), !inactive));
            return done(info, "Template " + info.name() + " is created (" + info.id() + ").");
        }
    }

    @Command(name = "edit", description = "Change a template (admin); options not given keep their values.")
    static final class Edit extends Base {
        @Parameters(paramLabel = "TEMPLATE", description = "Name or id.")
        String template;
        @Option(names = "--name", description = "New name.")
        String name;
        @Option(names = {"-s", "--spec-file"}, paramLabel = "FILE", description = "New spec ('-' for stdin).")
        Path specFile;
        @Option(names = {"-d", "--description"}, description = "New description.")
        String description;
        @Option(names = "--icon-url", description = "New icon URL.")
        String iconUrl;
        @Option(names = "--field", paramLabel = "NAME=DESCRIPTION", description = "Custom fields (replace all; repeatable).")
        Map<String, String> fields;
        @Option(names = "--active", negatable = true, description = "Make the template active or inactive.")
        Boolean active;

        @Override
        public Integer call() {
            TemplateInfo current = warren().templates().get(template);
            TemplateInfo info = warren().templates().update(template, new TemplateRequest(
                    name == null ? current.name() : name,
                    description == null ? current.description() : description,
                    iconUrl == null ? current.iconUrl() : iconUrl,
                    specFile == null ? current.spec() : readSpec(this, specFile),
                    fields == null ? current.customFields() : fields(fields),
                    active == null ? current.active() : active));
            return done(info, "Template " + info.name() + " is updated (hash " + info.hash() + ").");
        }
    }

    @Command(name = "delete", description = "Delete a template no space uses (admin).")
    static final class Delete extends Base {
        @Parameters(paramLabel = "TEMPLATE", description = "Name or id.")
        String template;

        @Override
        public Integer call() {
            warren().templates().delete(template);
            return done(Map.of("deleted", template), "Template " + template + " is deleted.");
        }
    }
}
