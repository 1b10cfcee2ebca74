package io.jasyncio.agent.internal.transform;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** Test support: class bytes of test classes, the transformer over the test class path, and ASM's verifier. */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytesOf(Class<?> c) {
        return bytesOf(c.getName());
    }

    static byte[] bytesOf(String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + className);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class as the transformer reads it. */
    static ClassNode classNode(Class<?> c) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytesOf(c)).accept(cn, ClassReader.EXPAND_FRAMES);
        return cn;
    }

    /** The method of {@code cn} named {@code name} (the first, for an overload). */
    static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    /** The context {@link ClassifyMethods} gives the method named {@code name}. */
    static MethodContext context(ClassNode cn, String name) {
        MethodContext c = ClassifyMethods.classify(cn).get(method(cn, name));
        if (c == null) {
            throw new IllegalArgumentException(name + " is not rewritten");
        }
        return c;
    }

    /** The verifier types of a method, over the test class path. */
    static AnalyzeTypes.Result types(MethodContext target) {
        return AnalyzeTypes.of(target);
    }

    static TypeResolver resolver() {
        return new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader());
    }

    static CoroutineTransformer transformer() {
        return new CoroutineTransformer(new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader()));
    }

    /** The frame classes a rewritten class embeds, by binary name. */
    static Map<String, byte[]> embeddedFrames(byte[] rewritten) {
        ClassNode cn = new ClassNode();
        new ClassReader(rewritten).accept(cn, 0);
        Map<String, byte[]> frames = new HashMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode indy) {
                    if (indy.bsm.getName().equals("frameFactory")) {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 3; i < indy.bsmArgs.length; i++) {
                            sb.append((String) indy.bsmArgs[i]);
                        }
                        frames.put((String) indy.bsmArgs[1], sb.toString().getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return frames;
    }

    /**
     * Runs ASM's bytecode verifier over a rewritten class and its frame classes; returns what it
     * reports (empty when everything verifies).
     */
    static String verify(byte[] rewritten) {
        return verify(rewritten, Fixtures.class.getClassLoader());
    }

    /** Like {@link #verify(byte[])}, resolving the classes the code names through {@code parent}. */
    static String verify(byte[] rewritten, ClassLoader parent) {
        Map<String, byte[]> frames = embeddedFrames(rewritten);
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = frames.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        CheckClassAdapter.verify(new ClassReader(rewritten), loader, false, pw);
        for (byte[] f : frames.values()) {
            CheckClassAdapter.verify(new ClassReader(f), loader, false, pw);
        }
        pw.flush();
        return out.toString();
    }
}
