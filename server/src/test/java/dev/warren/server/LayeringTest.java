package dev.warren.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrows of the module table in the design notes, checked on the main classes of every warren module on the
 * server's test class path (core, store, engine, runtime, client, server): core has no I/O and knows none of the
 * other modules, nothing depends on the server, only the HTTP and web packages speak Javalin, services never call
 * back into http or web, and each module uses only the modules the table allows. A failure names each offending
 * class and the dependency.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayeringTest {
    private JavaClasses warren;

    @BeforeAll
    void importClasses() {
        warren = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.warren");
        // Guard against a silently empty import (then every rule would pass).
        for (String module : new String[] {"core", "store", "engine", "runtime", "client", "server"}) {
            assertThat(warren.stream().anyMatch(c -> c.getPackageName().startsWith("dev.warren." + module)))
                    .as("classes of dev.warren.%s on the class path", module).isTrue();
        }
    }

    @Test
    void core_does_no_io_and_knows_no_other_module() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.warren.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.io..", "java.nio.file..", "java.net..", "java.sql..",
                        "dev.warren.store..", "dev.warren.engine..", "dev.warren.runtime..", "dev.warren.server..",
                        "dev.warren.client..", "io.javalin..", "org.jdbi..", "com.github.dockerjava..")
                .because("core holds records and rules only: no I/O, no engine, HTTP or SQL word (design notes)");
        rule.check(warren);
    }

    @Test
    void nothing_outside_the_server_depends_on_it() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.warren.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.server..")
                .because("arrows point inward: nothing depends on server (design notes)");
        rule.check(warren);
    }

    @Test
    void only_http_and_web_speak_javalin() {
        ArchRule rule = noClasses().that()
                .resideOutsideOfPackages("dev.warren.server.http..", "dev.warren.server.web..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .because("routes live in dev.warren.server.http (and the web UI in .web); services know no HTTP");
        rule.check(warren);
    }

    @Test
    void services_know_no_http() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.warren.server..")
                .and().resideOutsideOfPackages("dev.warren.server.http..", "dev.warren.server.web..")
                .and().doNotHaveFullyQualifiedName("dev.warren.server.WarrenServer")
                .and().doNotHaveFullyQualifiedName("dev.warren.server.Extensions")
                .and().doNotHaveFullyQualifiedName("dev.warren.server.Main")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.server.http..",
                        "dev.warren.server.web..")
                .because("http (routes only) calls services, never the other way round; only the wiring in "
                        + "dev.warren.server sees both");
        rule.check(warren);
    }

    @Test
    void modules_depend_only_on_what_the_design_table_allows() {
        notOn("dev.warren.client..", "client depends on nothing of ours",
                "dev.warren.core..", "dev.warren.store..", "dev.warren.engine..", "dev.warren.runtime..");
        notOn("dev.warren.store..", "store depends on core only",
                "dev.warren.engine..", "dev.warren.runtime..", "dev.warren.client..");
        notOn("dev.warren.engine..", "engine depends on core only; engine words stay here",
                "dev.warren.store..", "dev.warren.runtime..", "dev.warren.client..");
        notOn("dev.warren.runtime..", "the runtime speaks in spaces over core and engine only",
                "dev.warren.store..", "dev.warren.client..");
    }

    private void notOn(String module, String reason, String... forbidden) {
        noClasses().that().resideInAPackage(module)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because(reason)
                .check(warren);
    }
}
