package io.jocker.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of ARCHITECTURE.md, checked over the compiled classes of every module:
 * <pre>
 * cli -> api-client -> api-types
 * daemon (wiring only) -> api-server -> {engine, api-types}
 * engine -> {image, build, runtime, network, volume, swarm} -> {storage, registry} -> oci -> common
 * {storage, runtime, network, volume, build} -> linux -> common
 * </pre>
 * One allowance beyond the drawing: the CLI parses what users type with oci's value types
 * (image references, digests), as the docker CLI parses references before it calls the engine,
 * rather than keeping a second parser.
 * Maven already refuses a dependency a pom does not declare; this test also catches a pom that
 * declares one the architecture forbids. Layers without code yet are listed so the rule holds the
 * day they get some.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.jocker");
    }

    @Test
    void modules_dependOnlyOnLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("common").definedBy("io.jocker.common..")
                .layer("oci").definedBy("io.jocker.oci..")
                .layer("linux").definedBy("io.jocker.linux..")
                .layer("storage").definedBy("io.jocker.storage..")
                .layer("registry").definedBy("io.jocker.registry..")
                .layer("image").definedBy("io.jocker.image..")
                .layer("build").definedBy("io.jocker.build..")
                .layer("runtime").definedBy("io.jocker.runtime..")
                .layer("network").definedBy("io.jocker.network..")
                .layer("volume").definedBy("io.jocker.volume..")
                .layer("swarm").definedBy("io.jocker.swarm..")
                .layer("engine").definedBy("io.jocker.engine..")
                .layer("api-types").definedBy("io.jocker.api.types..")
                .layer("api-server").definedBy("io.jocker.api.server..")
                .layer("api-client").definedBy("io.jocker.api.client..")
                .layer("cli").definedBy("io.jocker.cli..")
                .layer("daemon").definedBy("io.jocker.daemon..")
                .whereLayer("daemon").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("api-client").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("api-server").mayOnlyBeAccessedByLayers("daemon")
                .whereLayer("api-types").mayOnlyBeAccessedByLayers("api-server", "api-client", "cli", "daemon")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("api-server", "daemon")
                .whereLayer("image").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("build").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("network").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("volume").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("swarm").mayOnlyBeAccessedByLayers("engine", "daemon")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("image", "build", "runtime", "network", "volume",
                        "swarm", "engine", "daemon")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("image", "build", "runtime", "network", "volume",
                        "swarm", "engine", "daemon")
                .whereLayer("linux").mayOnlyBeAccessedByLayers("storage", "runtime", "network", "volume", "build",
                        "image", "registry", "swarm", "engine", "api-server", "daemon")
                .whereLayer("oci").mayOnlyBeAccessedByLayers("cli", "storage", "registry", "image", "build", "runtime",
                        "network", "volume", "swarm", "engine", "api-server", "daemon")
                .check(classes);
    }

    /** "Nothing below engine knows HTTP or Docker wire types." */
    @Test
    void layersBelowTheApi_knowNeitherHttpNorWireTypes() {
        noClasses().that().resideInAnyPackage("io.jocker.common..", "io.jocker.oci..", "io.jocker.linux..",
                        "io.jocker.storage..", "io.jocker.registry..", "io.jocker.image..", "io.jocker.build..",
                        "io.jocker.runtime..", "io.jocker.network..", "io.jocker.volume..", "io.jocker.swarm..",
                        "io.jocker.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.jocker.api..")
                .check(classes);
    }

    /** The client stays small: it must not drag the server's libraries into every CLI start. */
    @Test
    void clientSide_usesNoServerLibraries() {
        noClasses().that().resideInAnyPackage("io.jocker.cli..", "io.jocker.api.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "picocli..")
                .check(classes);
    }
}
