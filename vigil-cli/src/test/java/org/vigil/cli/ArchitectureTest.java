package org.vigil.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of shared/DESIGN.md ("Target layout") as tests: the core knows no HTTP, SQL or Kafka
 * type; hashing knows nothing of the rest; HTTP stays in the server; SQL in the store; modules form
 * no cycles. This module sees every production class, so the rules run here.
 */
class ArchitectureTest {

  private static JavaClasses vigil;

  @BeforeAll
  static void importProductionClasses() {
    vigil =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Under `mvn verify` other modules' test classes come from their packaged test-jars,
            // which DO_NOT_INCLUDE_TESTS (test-classes directories) does not recognise.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.vigil");
  }

  @Test
  void core_dependsOnNoHttpSqlKafkaOrOuterModule() {
    noClasses()
        .that()
        .resideInAPackage("org.vigil.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.javalin..",
            "org.eclipse.jetty..",
            "jakarta.servlet..",
            "java.sql..",
            "javax.sql..",
            "org.jdbi..",
            "org.flywaydb..",
            "org.apache.kafka..",
            "java.net.http..",
            "org.vigil.store..",
            "org.vigil.server..",
            "org.vigil.app..",
            "org.vigil.report..",
            "org.vigil.stream..",
            "org.vigil.dns..",
            "org.vigil.cli..")
        .check(vigil);
  }

  @Test
  void hash_dependsOnNothingElseOfVigil() {
    noClasses()
        .that()
        .resideInAPackage("org.vigil.hash..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.vigil.core..",
            "org.vigil.store..",
            "org.vigil.server..",
            "org.vigil.app..",
            "org.vigil.report..",
            "org.vigil.stream..",
            "org.vigil.dns..",
            "org.vigil.cli..")
        .check(vigil);
  }

  @Test
  void sql_staysInTheStore() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.vigil.store..", "org.vigil.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..")
        .check(vigil);
  }

  @Test
  void http_staysInTheServer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.vigil.server..", "org.vigil.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
        .check(vigil);
  }

  @Test
  void server_dependsNotOnTheStore() {
    // The server reaches storage only through core ports wired by vigil-app.
    noClasses()
        .that()
        .resideInAPackage("org.vigil.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.vigil.store..")
        .check(vigil);
  }

  @Test
  void corePackages_formNoCycles() {
    // Each top-level core package (intake, signal, matcher, banks, policy, actions, records,
    // review, minors, courtorders, usecases, ...) with its sub-packages is one slice. None remain
    // in a cycle: banks reaches the matcher only through the BankIndex port, and the old decide
    // package is split into intake (request vocabulary) and minors (the decide checks).
    slices().matching("org.vigil.core.(*)..").should().beFreeOfCycles().check(vigil);
  }

  @Test
  void modules_formNoCycles() {
    slices().matching("org.vigil.(*)..").should().beFreeOfCycles().check(vigil);
  }
}
