package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule checker itself, on made-up edges and on class files javac writes here. */
class PackageLayersTest {
    private static final PackageLayers RULES = new PackageLayers(
            "app",
            List.of(List.of("app"), List.of("app.left", "app.right"), List.of("app.top")),
            Set.of("app.Facade -> app.top.Impl"));

    @Test
    void aReferenceToALowerLayerOrOutsideTheRootIsAllowed() {
        PackageLayers.Result r = RULES.check(Map.of(
                "app.top.Impl", Set.of("app.Api", "app.left.Helper", "java.util.List"),
                "app.left.Helper", Set.of("app.Api")));
        assertEquals(List.of(), r.violations());
    }

    @Test
    void aReferenceToAHigherLayerIsAViolationNamingBothClasses() {
        PackageLayers.Result r = RULES.check(Map.of("app.Api", Set.of("app.left.Helper$Inner")));
        assertEquals(List.of("app.Api -> app.left.Helper: app may not use the layer above, app.left"), r.violations());
    }

    @Test
    void packagesOfOneLayerMayNotUseEachOther() {
        PackageLayers.Result r = RULES.check(Map.of("app.left.Helper", Set.of("app.right.Other")));
        assertEquals(
                List.of("app.left.Helper -> app.right.Other: app.left may not use its peer app.right"), r.violations());
    }

    @Test
    void aPackageInNoLayerIsAViolationOnBothEnds() {
        PackageLayers.Result r = RULES.check(Map.of(
                "app.stray.Thing", Set.of("app.Api"),
                "app.Api$1", Set.of("app.stray.Thing")));
        assertEquals(
                List.of(
                        "app.Api -> app.stray.Thing: package app.stray is in no layer",
                        "app.stray.Thing: package app.stray is in no layer"),
                r.violations());
    }

    @Test
    void anAllowedEdgeIsNotAViolationAndIsReportedAsUsed() {
        PackageLayers.Result r = RULES.check(Map.of("app.Facade$Holder", Set.of("app.top.Impl$Nested")));
        assertEquals(List.of(), r.violations());
        assertEquals(Set.of("app.Facade -> app.top.Impl"), r.allowancesUsed());
    }

    @Test
    void theConstantPoolReaderFindsInstructionDescriptorAndSignatureReferences(@TempDir Path dir) throws IOException {
        Path classes = compile(
                dir,
                "app.left.Helper",
                "package app.left; public class Helper {}",
                "app.right.Other",
                "package app.right; public class Other {}",
                "app.top.Impl",
                "package app.top; public class Impl {}",
                "app.Api",
                """
                package app;
                public class Api {
                    Object created() { return new app.left.Helper(); }          // CONSTANT_Class
                    void parameter(app.right.Other o) {}                       // descriptor only
                    java.util.List<app.top.Impl> generic() { return null; }    // signature only
                }
                """);
        Map<String, Set<String>> refs = PackageLayers.readClasses(classes);
        assertTrue(
                refs.get("app.Api").containsAll(Set.of("app.left.Helper", "app.right.Other", "app.top.Impl")),
                refs.get("app.Api").toString());
        assertEquals(
                List.of(
                        "app.Api -> app.left.Helper: app may not use the layer above, app.left",
                        "app.Api -> app.right.Other: app may not use the layer above, app.right",
                        "app.Api -> app.top.Impl: app may not use the layer above, app.top"),
                RULES.check(refs).violations());
    }

    /**
     * A back edge planted in the runtime itself: a class of the root package, compiled against
     * the runtime's classes, that names a class of a higher layer (only in a method's parameter
     * type, the least visible kind of reference). The runtime's own rules find it, and only it.
     */
    @Test
    void theRuntimesRulesFailOnAPlantedBackEdge(@TempDir Path dir) throws IOException {
        Path planted = compile(dir, "io.jasyncio.PlantedBackEdge", """
                package io.jasyncio;
                final class PlantedBackEdge {
                    static void use(io.jasyncio.abi.Intrinsics unused) {}
                }
                """);
        Path runtime = Path.of("target", "classes");
        PackageLayers.Result clean = LayeringTest.RULES.check(PackageLayers.readClasses(runtime));
        PackageLayers.Result withPlant = LayeringTest.RULES.check(PackageLayers.readClasses(runtime, planted));
        List<String> added = new java.util.ArrayList<>(withPlant.violations());
        added.removeAll(clean.violations());
        assertEquals(
                List.of("io.jasyncio.PlantedBackEdge -> io.jasyncio.abi.Intrinsics:"
                        + " io.jasyncio may not use the layer above, io.jasyncio.abi"),
                added);
    }

    /** Compiles sources given as (binary name, text) pairs into a new folder under {@code dir}. */
    private static Path compile(Path dir, String... namesAndSources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new java.util.ArrayList<>(List.of(
                "-d", out.toString(), "-cp", Path.of("target", "classes").toString(), "-proc:none", "-nowarn"));
        for (int i = 0; i < namesAndSources.length; i += 2) {
            Path file = src.resolve(namesAndSources[i].replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, namesAndSources[i + 1]);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, args.toArray(new String[0]));
        assertEquals(0, exit, "javac failed");
        return out;
    }
}
