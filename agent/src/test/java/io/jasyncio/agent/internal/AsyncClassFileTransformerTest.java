package io.jasyncio.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;

/** The agent's ClassFileTransformer: class-file versions, ignored classes, failures reported. */
class AsyncClassFileTransformerTest {
    private final List<String> events = new ArrayList<>();
    private final Listener recording = new Listener() {
        @Override
        public void onTransformed(String className) {
            events.add("transformed " + className);
        }

        @Override
        public void onUnsupportedVersion(String className, int majorVersion) {
            events.add("unsupported " + majorVersion);
        }

        @Override
        public void onError(String className, Throwable error) {
            events.add("error " + error.getMessage());
        }
    };

    private static byte[] samples() throws IOException {
        try (InputStream in =
                ClassLoader.getSystemResourceAsStream(Samples.class.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] withVersion(byte[] classFile, int major) {
        byte[] b = classFile.clone();
        b[6] = (byte) (major >> 8);
        b[7] = (byte) major;
        return b;
    }

    private byte[] transform(byte[] b) {
        // A name outside io/jasyncio/agent/internal/, which the agent ignores as its own code.
        return new AsyncClassFileTransformer(recording)
                .transform(getClass().getClassLoader(), "fixtures/Samples", null, null, b);
    }

    @ParameterizedTest
    @ValueSource(ints = {52, 53, 55, 61, 65, 69, 72})
    void readsEveryClassFileVersionFromJava8On(int major) throws IOException {
        byte[] out = transform(withVersion(samples(), major));
        assertNotNull(out, events.toString());
        assertEquals(major, new ClassReader(out).readUnsignedShort(6));
    }

    @Test
    void aClassFileNewerThanAsmLeavesTheClassUntouchedWithOneWarning() throws IOException {
        byte[] tooNew = withVersion(samples(), AsyncClassFileTransformer.MAX_MAJOR + 1);
        AsyncClassFileTransformer t = new AsyncClassFileTransformer(recording);
        for (int i = 0; i < 3; i++) {
            assertNull(t.transform(null, "a/B" + i, null, null, tooNew));
        }
        assertEquals(List.of("unsupported " + (AsyncClassFileTransformer.MAX_MAJOR + 1)), events);
    }

    @Test
    void jdkClassesAreIgnoredWithoutBeingRead() {
        assertNull(new AsyncClassFileTransformer(recording).transform(null, "java/lang/Fake", null, null, new byte[0]));
        assertEquals(List.of(), events);
    }

    @Test
    void aCoroutineClassLoadedWhileResolvingIsLeftAloneInsteadOfRecursing() throws IOException {
        byte[] samples = samples();
        AsyncClassFileTransformer t = new AsyncClassFileTransformer(recording);
        List<String> nested = new ArrayList<>();
        // A loader whose own machinery loads a class with coroutines while it serves a class file.
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                byte[] out = t.transform(this, "fixtures/Nested" + nested.size(), null, null, samples);
                nested.add(out == null ? "left alone" : "rewritten");
                return super.getResourceAsStream(name);
            }
        };
        // Kinds implements Supplier: whether it is Serializable is read from Supplier's class file,
        // the one question the transformer asks its resolver.
        byte[] kinds;
        try (InputStream in = ClassLoader.getSystemResourceAsStream(
                io.jasyncio.agent.internal.transform.fixtures.Kinds.class
                                .getName()
                                .replace('.', '/') + ".class")) {
            kinds = in.readAllBytes();
        }
        assertNotNull(transform(t, loader, kinds), events.toString());
        assertEquals(false, nested.isEmpty(), "the transform asked its loader for class files");
        assertEquals(List.of("left alone"), nested.stream().distinct().collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("transformed fixtures/Samples"), events);
    }

    private static byte[] transform(AsyncClassFileTransformer t, ClassLoader loader, byte[] b) {
        return t.transform(loader, "fixtures/Samples", null, null, b);
    }

    @Test
    void aMalformedClassIsReportedAndLeftAlone() {
        byte[] junk = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 1, 2, 3};
        assertNull(transform(junk));
        assertEquals(1, events.size());
        assertEquals(true, events.get(0).startsWith("error "), events.toString());
    }

    /**
     * A class whose own bytecode does not verify (a compiler's bug) is not the transformer's to
     * fix: it is reported as such, with class, method and line, and the JVM gets it untouched.
     */
    @Test
    void aClassThatDoesNotVerifyIsReportedAsSuchAndLeftUntouched() throws IOException {
        org.objectweb.asm.tree.ClassNode cn = new org.objectweb.asm.tree.ClassNode();
        new ClassReader(samples()).accept(cn, 0);
        for (org.objectweb.asm.tree.MethodNode m : cn.methods) {
            if (m.name.equals("keepsTwo")) {
                // An addition of floats on an empty stack, on the method's first line.
                org.objectweb.asm.tree.AbstractInsnNode line = m.instructions.getFirst();
                while (!(line instanceof org.objectweb.asm.tree.LineNumberNode)) {
                    line = line.getNext();
                }
                m.instructions.insert(line, new org.objectweb.asm.tree.InsnNode(org.objectweb.asm.Opcodes.FADD));
            }
        }
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(0);
        cn.accept(cw);
        assertNull(transform(cw.toByteArray()), "left untouched");
        assertEquals(1, events.size(), events.toString());
        String event = events.get(0);
        org.junit.jupiter.api.Assertions.assertTrue(
                event.startsWith("error " + Samples.class.getName() + ".keepsTwo(Samples.java:21): "), event);
        org.junit.jupiter.api.Assertions.assertTrue(
                event.contains("the class file does not verify, so it is left as it is"), event);
    }
}
