package dev.warren.core.spec;

import dev.warren.core.ValidationException;
import dev.warren.core.model.EgressPolicy;
import dev.warren.core.rules.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10, items 3, 4 and 7: limits, capabilities, egress, where variables may go, and the validation gaps. */
class TemplateSpecSecurityTest {
    private final TemplateSpecParser parser = new TemplateSpecParser();

    private List<String> errors(String spec) {
        Validator validator = new Validator();
        parser.validate(spec, Set.of("cap", "dir", "host"), validator, "spec");
        try {
            validator.throwIfInvalid();
            return List.of();
        } catch (ValidationException invalid) {
            return invalid.errors().stream().map(e -> e.message()).toList();
        }
    }

    private void refused(String spec, String words) {
        assertThat(errors(spec)).as(spec).anySatisfy(message -> assertThat(message).contains(words));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "image: \"${{ .custom.cap }}\"",
            "image: x\ncap_add: ['${{ .custom.cap }}']",
            "image: x\ncap_drop: ['${{ .custom.cap }}']",
            "image: x\nprivileged: \"${{ .custom.cap }}\"",
            "image: x\nuser: \"${{ .user.username }}\"",
            "image: x\nmemory: \"${{ .custom.cap }}\"",
            "image: x\ncpus: \"${{ .custom.cap }}\"",
            "image: x\npids: \"${{ .custom.cap }}\"",
            "image: x\nnofile: \"${{ .custom.cap }}\"",
            "image: x\negress: {allow: ['${{ .custom.host }}']}",
            "image: x\nports: [{name: '${{ .space.name }}', port: 80}]"})
    void variables_in_security_relevant_keys_are_refused_naming_the_key(String spec) {
        String key = spec.contains("\n") ? spec.substring(spec.indexOf('\n') + 1, spec.indexOf(':', spec.indexOf('\n')))
                : "image";
        refused(spec, "The spec key '" + key + "' cannot use template variables");
    }

    @Test
    void a_variable_cannot_name_a_volume_but_may_make_its_path() {
        refused("image: x\nvolumes:\n  '${{ .space.name }}': /data\n", "volume names");
        TemplateSpec spec = parser.parse("image: x\nvolumes:\n  home: /home/${{ .user.username }}\n",
                Map.of("user.username", "ada"));
        assertThat(spec.volumes()).containsEntry("home", "/home/ada");
    }

    @Test
    void variables_stay_allowed_in_environment_command_hostname_and_workdir_and_are_checked_once_resolved() {
        String text = "image: x\nenvironment: {U: '${{ .user.username }}'}\ncommand: [echo, '${{ .space.name }}']\n"
                + "hostname: '${{ .custom.host }}-dev'\nworkdir: /home/${{ .user.username }}\n";
        assertThat(errors(text)).isEmpty();
        TemplateSpec spec = parser.parse(text, Map.of("user.username", "ada", "space.name", "s",
                "custom.host", "box"));
        assertThat(spec.hostname()).isEqualTo("box-dev");
        assertThat(spec.workdir()).isEqualTo("/home/ada");
        assertThatThrownBy(() -> parser.parse(text, Map.of("custom.host", "evil\nhost")))
                .isInstanceOf(SpecException.class).hasMessageContaining("'hostname'");
        assertThatThrownBy(() -> parser.parse(text, Map.of("custom.host", "a b")))
                .isInstanceOf(SpecException.class).hasMessageContaining("'hostname'");
        assertThatThrownBy(() -> parser.parse(text, Map.of("user.username", "a\0b")))
                .isInstanceOf(SpecException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> parser.parse("image: x\nvolumes: {d: '${{ .custom.dir }}'}\n",
                Map.of("custom.dir", "/"))).isInstanceOf(SpecException.class).hasMessageContaining("'/'");
    }

    @Test
    void memory_sizes_never_overflow_or_wrap() {
        refused("image: x\nmemory: 99999999999999999999g\n", "too large");
        refused("image: x\nmemory: 17179869185g\n", "too large");
        refused("image: x\nmemory: 99999999999999999999\n", "too large");
        refused("image: x\nmemory: 1.5\n", "'memory'");
        refused("image: x\nmemory: 1k\n", "at least 6m");
        refused("image: x\nmemory: 1025t\n", "too large");
        assertThat(parser.parse("image: x\nmemory: 64m\n", Map.of()).memoryBytes()).isEqualTo(64L << 20);
    }

    @Test
    void sizes_are_exact() {
        assertThat(SpecValues.bytes("2g", "m")).isEqualTo(2L << 30);
        assertThat(SpecValues.bytes("64MiB", "m")).isEqualTo(64L << 20);
        assertThat(SpecValues.bytes("1p", "m")).isEqualTo(1L << 50);
        assertThatThrownBy(() -> SpecValues.bytes("1025t", "m")).hasMessageContaining("too large");
        assertThatThrownBy(() -> SpecValues.bytes("9223372036854775807k", "m")).hasMessageContaining("too large");
        assertThat(SpecValues.describeBytes(64L << 20)).isEqualTo("64 MiB");
        assertThat(SpecValues.describeCpus(500_000_000L)).isEqualTo("0.5");
    }

    @Test
    void cpus_must_be_a_finite_number_from_a_hundredth_up() {
        refused("image: x\ncpus: 1e-12\n", "between 0.01 and 1024");
        refused("image: x\ncpus: .nan\n", "nan");
        refused("image: x\ncpus: .inf\n", "inf");
        refused("image: x\ncpus: 2000\n", "between 0.01 and 1024");
        refused("image: x\ncpus: '2'\n", "'cpus'");
        assertThat(parser.parse("image: x\ncpus: 0.01\n", Map.of()).nanoCpus()).isEqualTo(10_000_000L);
    }

    @Test
    void pids_and_nofile_are_whole_numbers_in_range() {
        TemplateSpec spec = parser.parse("image: x\npids: 64\nnofile: 1024\n", Map.of());
        assertThat(spec.pids()).isEqualTo(64);
        assertThat(spec.nofile()).isEqualTo(1024);
        refused("image: x\npids: 0\n", "'pids' must be a whole number");
        refused("image: x\npids: 1.5\n", "'pids'");
        refused("image: x\npids: 99999999999999999999999\n", "'pids'");
        refused("image: x\nnofile: 10\n", "'nofile'");
        refused("image: x\nnofile: '1024'\n", "'nofile'");
    }

    @Test
    void maxima_of_the_server_are_checked_at_save() {
        TemplateSpecParser limited = new TemplateSpecParser(new ResourceLimits(1L << 30, 2_000_000_000L, 512, 4096));
        Validator validator = new Validator();
        limited.validate("image: x\nmemory: 2g\ncpus: 3\npids: 1024\nnofile: 8192\n", Set.of(), validator, "spec");
        assertThatThrownBy(validator::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class,
                invalid -> assertThat(invalid.errors()).extracting(e -> e.message())
                        .anySatisfy(m -> assertThat(m).contains("'memory'").contains("1 GiB"))
                        .anySatisfy(m -> assertThat(m).contains("'cpus'"))
                        .anySatisfy(m -> assertThat(m).contains("'pids'"))
                        .anySatisfy(m -> assertThat(m).contains("'nofile'")));
    }

    @Test
    void duplicate_keys_are_refused_at_every_level() {
        refused("image: x\nimage: y\n", "The spec has the key 'image' twice");
        refused("image: x\nenvironment:\n  A: 1\n  A: 2\n", "'A' twice");
        refused("image: x\n---\nimage: y\n", "not valid YAML");
    }

    @Test
    void capabilities_must_exist_and_are_kept_in_the_engines_form() {
        refused("image: x\ncap_add: [SYS_MAGIC]\n", "not a Linux capability");
        refused("image: x\ncap_drop: [42]\n", "capability name");
        refused("image: x\ncap_add: [NET_RAW]\ncap_drop: [net_raw]\n", "both");
        TemplateSpec spec = parser.parse("image: x\ncap_add: [cap_net_admin, NET_RAW]\n", Map.of());
        assertThat(spec.capAdd()).containsExactly("NET_ADMIN", "NET_RAW");
    }

    @Test
    void net_raw_and_mknod_are_dropped_unless_added_back() {
        assertThat(Capabilities.dropped(List.of(), List.of())).containsExactly("NET_RAW", "MKNOD");
        assertThat(Capabilities.dropped(List.of("NET_RAW"), List.of("SYS_CHROOT"))).containsExactly("MKNOD",
                "SYS_CHROOT");
        assertThat(Capabilities.dropped(List.of("ALL"), List.of())).isEmpty();
    }

    @Test
    void hostnames_volume_paths_images_and_users_are_checked_at_save() {
        refused("image: x\nhostname: \"a\\nb\"\n", "'hostname'");
        refused("image: x\nhostname: " + "a".repeat(64) + "\n", "'hostname'");
        refused("image: x\nvolumes: {root: /}\n", "cannot be mounted at '/'");
        refused("image: x\nvolumes: {a: /.warren}\n", "/.warren");
        refused("image: x\nvolumes: {a: /proc/x}\n", "/proc");
        refused("image: x\nvolumes: {a: /sys}\n", "/sys");
        refused("image: x\nvolumes: {a: /dev}\n", "/dev");
        refused("image: x\nvolumes: {a: /opt/warren}\n", "/opt/warren");
        refused("image: x\nvolumes: {a: /x/../proc}\n", "plain absolute path");
        refused("image: x\nvolumes: {a: /data, b: /data/}\n", "Two volumes");
        refused("image: \"bad image\"\n", "'image'");
        refused("image: x\nuser: \"root\\nx\"\n", "'user'");
        refused("image: x\nworkdir: relative\n", "'workdir'");
        refused("image: x\ncommand: [\"a\\0b\"]\n", "NUL");
        assertThat(errors("image: x\nvolumes: {home: /home/dev/}\n")).isEmpty();
    }

    @Test
    void egress_is_allow_all_by_default_deny_all_or_an_allow_list() {
        assertThat(parser.parse("image: x\n", Map.of()).egress()).isEqualTo(EgressPolicy.ALLOW_ALL);
        assertThat(parser.parse("image: x\negress: deny_all\n", Map.of()).egress()).isEqualTo(EgressPolicy.DENY_ALL);
        EgressPolicy list = parser.parse("image: x\negress:\n  allow: [10.1.0.0/16, 192.0.2.7, '2001:DB8::/32',"
                + " PyPI.org]\n", Map.of()).egress();
        assertThat(list.mode()).isEqualTo(EgressPolicy.Mode.ALLOW_LIST);
        assertThat(list.cidrs()).containsExactly("10.1.0.0/16", "192.0.2.7", "2001:db8::/32");
        assertThat(list.domains()).containsExactly("pypi.org");
        refused("image: x\negress: maybe\n", "'egress'");
        refused("image: x\negress: {allow: []}\n", "deny_all");
        refused("image: x\negress: {allow: [10.0.0.0/33]}\n", "CIDR");
        refused("image: x\negress: {allow: [300.1.2.3]}\n", "CIDR");
        refused("image: x\negress: {allow: ['exa mple.org']}\n", "domain");
        refused("image: x\negress: {allow: [localhost]}\n", "domain");
        refused("image: x\negress: {allow: ['*.example.org']}\n", "domain");
        refused("image: x\negress: {deny: [a.org]}\n", "'egress'");
    }

    @Test
    void ipv6_literals_are_checked_without_any_lookup() {
        for (String valid : List.of("::1", "::", "2001:db8::", "fe80::1:2", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1")) {
            assertThat(EgressSpecs.isIpv6Literal(valid)).as(valid).isTrue();
        }
        for (String invalid : List.of("1::2::3", "12345::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "g::1", ":1")) {
            assertThat(EgressSpecs.isIpv6Literal(invalid)).as(invalid).isFalse();
        }
    }
}
