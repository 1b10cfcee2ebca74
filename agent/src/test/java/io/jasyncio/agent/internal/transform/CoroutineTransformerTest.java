package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.abi.Intrinsics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** The whole pipeline over the shape fixtures: output verifies, is deterministic, and skips what it must. */
class CoroutineTransformerTest {

    /** Every compiled class of the shape tests (their @Async methods are the fixtures). */
    static List<String> shapeClasses() throws IOException {
        Path dir =
                Path.of(System.getProperty("user.dir"), "target", "test-classes", "io", "jasyncio", "agent", "shapes");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> "io.jasyncio.agent.shapes." + n.substring(0, n.length() - 6))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @MethodSource("shapeClasses")
    void everyRewrittenClassAndFramePassesAsmsVerifier(String className) {
        byte[] out = Fixtures.transformer().transform(Fixtures.bytesOf(className));
        if (out == null) {
            return; // a class without coroutines (test support, nested records ...)
        }
        assertEquals("", Fixtures.verify(out), "ASM's verifier rejected the rewrite of " + className);
    }

    @Test
    void theShapeFixturesReallyContainCoroutines() throws IOException {
        long rewritten = shapeClasses().stream()
                .filter(c -> Fixtures.transformer().transform(Fixtures.bytesOf(c)) != null)
                .count();
        assertTrue(rewritten >= 1, "no shape class was rewritten: the verifier test above would prove nothing");
    }

    @ParameterizedTest
    @MethodSource("shapeClasses")
    void rewritingIsDeterministic(String className) {
        byte[] in = Fixtures.bytesOf(className);
        byte[] a = Fixtures.transformer().transform(in);
        byte[] b = Fixtures.transformer().transform(in);
        if (a != null) {
            assertArrayEquals(a, b);
        } else {
            assertNull(b);
        }
    }

    @ParameterizedTest
    @MethodSource("shapeClasses")
    void aRewrittenClassIsRecognisedAndNotRewrittenAgain(String className) {
        byte[] once = Fixtures.transformer().transform(Fixtures.bytesOf(className));
        if (once != null) {
            assertNull(Fixtures.transformer().transform(once));
        }
    }

    @Test
    void classesWithoutCoroutinesComeBackUntouched() throws IOException {
        CoroutineTransformer t = Fixtures.transformer();
        int seen = 0;
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base/java/util"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                assertNull(t.transform(Files.readAllBytes(p)), p.toString());
                seen++;
            }
        }
        assertTrue(seen > 300, "expected to scan java.util's classes, saw " + seen);
    }

    @Test
    void framesAreEmbeddedInTheHostClass() {
        byte[] out = Fixtures.transformer().transform(Fixtures.bytesOf("io.jasyncio.agent.shapes.StraightLineIT"));
        assertNotNull(out);
        Map<String, byte[]> frames = Fixtures.embeddedFrames(out);
        assertTrue(
                frames.containsKey("io.jasyncio.agent.shapes.StraightLineIT$two$Frame"),
                frames.keySet().toString());
        assertFalse(frames.get("io.jasyncio.agent.shapes.StraightLineIT$two$Frame").length == 0);
    }

    /** The awaits of DirectAwaitIT: which call the callee's body directly, which go through Intrinsics.await. */
    @Test
    void anAwaitOfASameClassStaticAsyncCallRunsTheCalleesBodyDirectly() {
        String host = "io/jasyncio/agent/shapes/DirectAwaitIT";
        byte[] out = Fixtures.transformer().transform(Fixtures.bytesOf(host.replace('/', '.')));
        ClassNode cn = new ClassNode();
        new ClassReader(out).accept(cn, 0);
        Map<String, List<String>> calls = cn.methods.stream()
                .filter(m -> m.desc.equals(Names.BODY_DESC))
                .collect(Collectors.toMap(
                        m -> m.name,
                        m -> Arrays.stream(m.instructions.toArray())
                                .filter(i -> i instanceof MethodInsnNode)
                                .map(i -> (MethodInsnNode) i)
                                .map(i -> i.owner + "." + i.name + (i.desc.equals(Names.BODY_DESC) ? "/body" : ""))
                                .collect(Collectors.toList())));
        for (String direct : List.of("direct", "catches", "middle", "outer")) {
            List<String> c = calls.get(direct);
            assertTrue(c.contains("io/jasyncio/abi/Intrinsics.enterInline"), direct + ": " + c);
            assertTrue(c.stream().anyMatch(x -> x.startsWith(host + ".") && x.endsWith("/body")), direct + ": " + c);
            assertFalse(c.contains("io/jasyncio/abi/Intrinsics.await"), direct + ": " + c);
        }
        // Through a jump, through a local, or awaiting a future: the general intrinsic.
        for (String general : List.of("conditional", "viaLocal", "leaf", "inner")) {
            List<String> c = calls.get(general);
            assertTrue(c.contains("io/jasyncio/abi/Intrinsics.await"), general + ": " + c);
            assertFalse(c.contains("io/jasyncio/abi/Intrinsics.enterInline"), general + ": " + c);
        }
    }

    @Test
    void theAgentAndTheRuntimeAgreeOnTheAbiVersion() {
        assertEquals(Intrinsics.ABI_VERSION, Names.ABI_VERSION);
    }

    /** await(x, X.class) is rewritten as await(x) is: directly for a same-class call, else through Intrinsics.await. */
    @Test
    void anAwaitThatDeclaresAnExceptionIsRewrittenLikeAnAwait() {
        byte[] out =
                Fixtures.transformer().transform(Fixtures.bytesOf("io.jasyncio.agent.shapes.CheckedAcrossAwaitIT"));
        ClassNode cn = new ClassNode();
        new ClassReader(out).accept(cn, 0);
        Map<String, List<String>> calls = cn.methods.stream()
                .filter(m -> m.desc.equals(Names.BODY_DESC))
                .collect(Collectors.toMap(
                        m -> m.name,
                        m -> Arrays.stream(m.instructions.toArray())
                                .filter(i -> i instanceof MethodInsnNode)
                                .map(i -> ((MethodInsnNode) i).owner + "." + ((MethodInsnNode) i).name)
                                .collect(Collectors.toList())));
        assertTrue(
                calls.get("find").contains("io/jasyncio/abi/Intrinsics.enterInline"),
                calls.get("find").toString());
        assertTrue(
                calls.get("findViaLocal").contains("io/jasyncio/abi/Intrinsics.await"),
                calls.get("findViaLocal").toString());
        calls.forEach((body, c) -> assertFalse(c.contains("io/jasyncio/Asyncio.await"), body + ": " + c));
        assertEquals("", Fixtures.verify(out));
    }
}
