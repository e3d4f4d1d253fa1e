package io.queuemgr.house;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package map of docs/architecture.md, enforced: packages form a directed acyclic graph with the task model at the
 * bottom, REST resources and start-up wiring at the top, and resources that reach Kafka and PostgreSQL only through
 * the features below them.
 */
class ArchitectureTest {

    private static final String[] FOUNDATION = {"io.queuemgr.config..", "io.queuemgr.error..", "io.queuemgr.json..",
            "io.queuemgr.supervision..", "io.queuemgr.messaging.."};
    private static final String[] FEATURES = {"io.queuemgr.audit..", "io.queuemgr.cache..", "io.queuemgr.control..",
            "io.queuemgr.dispatch..", "io.queuemgr.events..", "io.queuemgr.executor..", "io.queuemgr.guard..",
            "io.queuemgr.history..", "io.queuemgr.peer..",
            "io.queuemgr.queue..", "io.queuemgr.registry..", "io.queuemgr.schedule..", "io.queuemgr.secret..",
            "io.queuemgr.security..",
            "io.queuemgr.submission..", "io.queuemgr.worker.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.queuemgr");
    }

    @Test
    void everyClassBelongsToAPackageOfTheMap() {
        String[] all = concat(new String[]{"io.queuemgr.task..", "io.queuemgr.rest..", "io.queuemgr.boot..",
                "io.queuemgr.cli.."},
                concat(FOUNDATION, FEATURES));
        classes().should().resideInAnyPackage(all)
                .because("a new package takes its place in the map (docs/architecture.md) and in this test")
                .check(main);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.queuemgr.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void executorFamiliesFormNoCycle() {
        slices().matching("io.queuemgr.executor.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void aFamilyIsKnownOnlyInsideItsFolder() {
        noClasses().that().resideOutsideOfPackage("io.queuemgr.executor.*..").should()
                .dependOnClassesThat(resideInAPackage("io.queuemgr.executor.*.."))
                .because("adding a task family must not mean editing anything outside its package")
                .check(main);
    }

    @Test
    void theTaskModelImportsNothingOfTheRest() {
        noClasses().that().resideInAPackage("io.queuemgr.task..").should()
                .dependOnClassesThat(resideInAPackage("io.queuemgr..").and(not(resideInAPackage("io.queuemgr.task.."))))
                .check(main);
    }

    @Test
    void layersOnlyLookDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy("io.queuemgr.task..")
                .layer("Foundation").definedBy(FOUNDATION)
                .layer("Features").definedBy(FEATURES)
                .layer("Rest").definedBy("io.queuemgr.rest..")
                .layer("Boot").definedBy("io.queuemgr.boot..")
                .whereLayer("Boot").mayNotBeAccessedByAnyLayer()
                .whereLayer("Rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Rest", "Boot")
                .whereLayer("Foundation").mayOnlyBeAccessedByLayers("Features", "Rest", "Boot")
                .check(main);
    }

    @Test
    void theCliIsAClientThatKnowsTheServiceOnlyOverHttp() {
        noClasses().that().resideInAPackage("io.queuemgr.cli..").should()
                .dependOnClassesThat(resideInAPackage("io.queuemgr..").and(not(resideInAPackage("io.queuemgr.cli.."))))
                .because("the CLI ships alone in queuemgr-cli.jar and talks to the service over REST")
                .check(main);
    }

    @Test
    void nothingInTheServiceNamesTheCli() {
        noClasses().that().resideOutsideOfPackage("io.queuemgr.cli..").should()
                .dependOnClassesThat(resideInAPackage("io.queuemgr.cli.."))
                .check(main);
    }

    @Test
    void resourcesLiveInTheRestPackage() {
        classes().that().areAnnotatedWith(Path.class).should().resideInAPackage("io.queuemgr.rest..").check(main);
    }

    @Test
    void resourcesReachKafkaAndTheDatabaseOnlyThroughFeatures() {
        noClasses().that().resideInAPackage("io.queuemgr.rest..").should()
                .dependOnClassesThat(resideInAnyPackage("org.apache.kafka..", "io.vertx.sqlclient..",
                        "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..", "io.vertx.mutiny.pgclient..",
                        "org.hibernate..", "io.quarkus.hibernate..", "io.queuemgr.messaging.."))
                .check(main);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
