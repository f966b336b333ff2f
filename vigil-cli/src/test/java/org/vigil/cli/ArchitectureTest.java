package org.vigil.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layout of shared/DESIGN.md ("Target layout") as tests: the core knows no HTTP, SQL or Kafka
 * type; hashing knows nothing of the rest; HTTP stays in the server; SQL in the store; modules
 * depend only downwards and the packages inside each form no cycles; no benchmark, synthetic
 * workload or test double ships. This module's runtime classpath is what vigil.jar is shaded from,
 * so the rules see every production class and nothing else.
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
            "com.sun.net.httpserver..",
            "jakarta.ws.rs..",
            "javax.ws.rs..",
            "javax.servlet..",
            "okhttp3..",
            "org.apache.hc..",
            "org.apache.http..",
            "gg.jte..",
            "com.zaxxer.hikari..",
            "org.postgresql..",
            "software.amazon.awssdk..",
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
  void core_opensNoConnectionOfItsOwn() {
    // Webhooks, exchanges, S3 and NCMEC are reached through ports that vigil-report, vigil-store
    // and vigil-app implement; the core neither listens nor connects.
    noClasses()
        .that()
        .resideInAPackage("org.vigil.core..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(
            HttpURLConnection.class, URLConnection.class, Socket.class, ServerSocket.class)
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

  @ParameterizedTest
  @ValueSource(strings = {"hash", "store", "stream", "report", "dns", "server", "app", "cli"})
  void modulePackages_formNoCycles(String module) {
    // The module's own package (facade and shared vocabulary) and each sub-package are slices:
    // sub-packages may use the vocabulary of the root, the root may not reach back into them
    // through a sub-package that uses it.
    slices().assignedFrom(packagesOf("org.vigil." + module)).should().beFreeOfCycles().check(vigil);
  }

  @Test
  void modules_formNoCycles() {
    slices().matching("org.vigil.(*)..").should().beFreeOfCycles().check(vigil);
  }

  @Test
  void modules_dependOnlyDownwards() {
    // hash <- core <- {store, stream, report, dns, server} <- app <- cli. The adapters are
    // siblings: none uses another (vigil-app wires them together through core ports).
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("hash")
        .definedBy("org.vigil.hash..")
        .layer("core")
        .definedBy("org.vigil.core..")
        .layer("store")
        .definedBy("org.vigil.store..")
        .layer("stream")
        .definedBy("org.vigil.stream..")
        .layer("report")
        .definedBy("org.vigil.report..")
        .layer("dns")
        .definedBy("org.vigil.dns..")
        .layer("server")
        .definedBy("org.vigil.server..")
        .layer("app")
        .definedBy("org.vigil.app..")
        .layer("cli")
        .definedBy("org.vigil.cli..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("app")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("store")
        .mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("stream")
        .mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("report")
        .mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("dns")
        .mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("server")
        .mayOnlyBeAccessedByLayers("app", "cli")
        .whereLayer("core")
        .mayOnlyBeAccessedByLayers("store", "stream", "report", "dns", "server", "app", "cli")
        .check(vigil);
  }

  @Test
  void productionClasses_carryNoBenchmarkWorkloadOrTestDouble() {
    // MatchBenchmark, SnapshotBenchmark, SyntheticPdqCodes, DecideWorkload and the in-memory
    // stores live in vigil-bench and in test sources; vigil.jar is shaded from these classes.
    noClasses()
        .should()
        .resideInAPackage("org.vigil.bench..")
        .orShould()
        .haveSimpleNameEndingWith("Benchmark")
        .orShould()
        .haveSimpleNameEndingWith("Workload")
        .orShould()
        .haveSimpleNameStartingWith("Synthetic")
        .orShould()
        .haveSimpleNameStartingWith("InMemory")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.openjdk.jmh..",
            "org.junit..",
            "org.assertj..",
            "org.quicktheories..",
            "com.tngtech.archunit..",
            "io.zonky.test..")
        .check(vigil);
  }

  /** A module's root package and each of its first-level sub-packages, as one slice each. */
  private static SliceAssignment packagesOf(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(root)) {
          return SliceIdentifier.of(root);
        }
        if (!name.startsWith(root + ".")) {
          return SliceIdentifier.ignore();
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
      }

      @Override
      public String getDescription() {
        return "the packages of " + root;
      }
    };
  }
}
