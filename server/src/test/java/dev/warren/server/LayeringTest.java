package dev.warren.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrows of the module table in the design notes, checked on the main classes of every warren module on the
 * server's test class path (core, store, engine, runtime, client, server): core has no I/O and knows none of the
 * other modules, nothing depends on the server, and only the HTTP and web packages speak Javalin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayeringTest {
    /**
     * Known violations of the Javalin rule, each on its way out; remove a name when its class moves or stops
     * using Javalin (the rule then guards it). Keep this list short and dated.
     */
    private static final Class<?>[] JAVALIN_OUTSIDE_HTTP_BEING_REWRITTEN = {};

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
                        "java.io..", "java.nio.file..", "java.net..", "java.sql..", "java.net.http..",
                        "dev.warren.store..", "dev.warren.engine..", "dev.warren.runtime..", "dev.warren.server..",
                        "dev.warren.client..", "io.javalin..", "org.jdbi..", "com.github.dockerjava..")
                .because("core holds records and rules only: no I/O, no engine, HTTP or SQL word (DESIGN.md)");
        rule.check(warren);
    }

    @Test
    void nothing_outside_the_server_depends_on_it() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.warren.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.server..")
                .because("arrows point inward: nothing depends on server (DESIGN.md)");
        rule.check(warren);
    }

    @Test
    void only_http_and_web_speak_javalin() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("dev.warren.server.http..", "dev.warren.server.web..")
                .and(not(belongToAnyOf(JAVALIN_OUTSIDE_HTTP_BEING_REWRITTEN)))
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .because("routes live in dev.warren.server.http (and the web UI in .web); services know no HTTP");
        rule.check(warren);
    }
}
