package dev.warren.core.spec;

import dev.warren.core.ValidationException;
import dev.warren.core.rules.Validator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateSpecParserTest {
    private final TemplateSpecParser parser = new TemplateSpecParser();

    @Test
    void a_full_spec_parses_into_every_field() {
        TemplateSpec spec = parser.parse("""
                image: warren-base:latest
                command: sleep infinity
                environment:
                  A: one
                ports:
                  - {name: web, port: 8080}
                  - 22
                volumes:
                  home: /home/dev
                memory: 512m
                cpus: 1.5
                cap_add: [NET_ADMIN]
                cap_drop: [MKNOD]
                privileged: true
                hostname: box
                workdir: /home/dev
                """, Map.of());
        assertThat(spec.image()).isEqualTo("warren-base:latest");
        assertThat(spec.command()).containsExactly("sleep", "infinity");
        assertThat(spec.environment()).containsEntry("A", "one");
        assertThat(spec.ports()).containsExactly(new PortSpec("web", 8080), new PortSpec("22", 22));
        assertThat(spec.volumes()).containsEntry("home", "/home/dev");
        assertThat(spec.memoryBytes()).isEqualTo(512L << 20);
        assertThat(spec.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(spec.capAdd()).containsExactly("NET_ADMIN");
        assertThat(spec.privileged()).isTrue();
        assertThat(spec.workdir()).isEqualTo("/home/dev");
    }

    @Test
    void a_variable_value_cannot_change_the_yaml_structure() {
        TemplateSpec spec = parser.parse("image: x\nenvironment:\n  P: \"${{ .user.service_password }}\"\n",
                Map.of("user.service_password", "a: b\n- c"));
        assertThat(spec.environment()).containsEntry("P", "a: b\n- c");
    }

    @Test
    void unknown_variables_and_keys_and_bad_values_are_reported_on_the_field() {
        Validator validator = new Validator();
        parser.validate("image: x\nhostname: \"${{ .user.shoe }}\"\n", Set.of(), validator, "spec");
        parser.validate("image: x\ncolour: blue\n", Set.of(), validator, "spec");
        parser.validate("image: x\nmemory: 1k\n", Set.of(), validator, "spec");
        parser.validate("image: x\nvolumes:\n  home: relative\n", Set.of(), validator, "spec");
        parser.validate(": :\n", Set.of(), validator, "spec");
        assertThatThrownBy(validator::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class, error -> {
            assertThat(error.errors()).hasSize(5).allSatisfy(e -> assertThat(e.field()).isEqualTo("spec"));
            assertThat(error.errors().get(0).message()).contains("user.shoe");
        });
    }

    @Test
    void the_unknown_variable_hint_lists_every_variable_the_server_accepts() {
        Validator validator = new Validator();
        parser.validate("image: x\nhostname: \"${{ .user.shoe }}\"\n", Set.of(), validator, "spec");
        assertThatThrownBy(validator::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class, error -> {
            String message = error.errors().getFirst().message();
            assertThat(TemplateVariables.KNOWN).allSatisfy(name -> assertThat(message).contains(name));
            assertThat(message).contains("custom.<field>");
        });
    }

    @Test
    void custom_fields_are_known_variables_only_when_the_template_defines_them() {
        assertThat(TemplateVariables.unknownIn("${{ .custom.repo }} ${{ .custom.other }}", Set.of("repo")))
                .containsExactly("custom.other");
        assertThat(TemplateVariables.resolve("${{.space.name}}-${{ .custom.repo }}",
                Map.of("space.name", "s", "custom.repo", "r"))).isEqualTo("s-r");
    }

    @Test
    void the_content_hash_follows_the_spec_text() {
        assertThat(ContentHash.of("image: a\n")).isEqualTo(ContentHash.of("image: a"));
        assertThat(ContentHash.of("image: a")).isNotEqualTo(ContentHash.of("image: b"));
        assertThat(List.of(ContentHash.of("x"))).allSatisfy(hash -> assertThat(hash).hasSize(32));
    }
}
