package io.jasyncio.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.transform.TypeResolver;
import io.jasyncio.agent.internal.transform.TypeResolver.ClassInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** The resolver behind the agent's class-hierarchy questions: class-file headers read through a loader, never loaded. */
class ClassFileTypeResolverTest {
    private final TypeResolver jdk = ClassFileTypeResolver.ofLoader(ClassLoader.getPlatformClassLoader());

    /** A class file with only a header: what the resolver reads. */
    private static byte[] classFile(String name, String superName, boolean isInterface, String... interfaces) {
        ClassWriter cw = new ClassWriter(0);
        int access = Opcodes.ACC_PUBLIC | (isInterface ? Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT : 0);
        cw.visit(Opcodes.V17, access, name, null, superName, interfaces);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** A loader that serves class files as resources only (it defines nothing) and counts the reads. */
    private static final class ResourceLoader extends ClassLoader {
        final Map<String, byte[]> files = Collections.synchronizedMap(new HashMap<>());
        final List<String> reads = Collections.synchronizedList(new ArrayList<>());

        ResourceLoader() {
            super(null);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            reads.add(name);
            byte[] b = files.get(name);
            return b == null ? super.getResourceAsStream(name) : new ByteArrayInputStream(b);
        }
    }

    @Test
    void describesAClassFromItsHeaderWithoutLoadingIt() {
        ResourceLoader loader = new ResourceLoader();
        loader.files.put(
                "app/Box.class", classFile("app/Box", "java/util/AbstractList", false, "java/util/RandomAccess"));
        ClassInfo box = ClassFileTypeResolver.ofLoader(loader).describe("app/Box");
        assertEquals(new ClassInfo("app/Box", "java/util/AbstractList", false, List.of("java/util/RandomAccess")), box);
        assertEquals(List.of("app/Box.class"), loader.reads);
    }

    @Test
    void describesJdkClassesAndInterfaces() {
        ClassInfo list = jdk.describe("java/util/ArrayList");
        assertEquals("java/util/AbstractList", list.superName());
        assertFalse(list.isInterface());
        assertTrue(list.interfaces().contains("java/util/List"), list.toString());

        ClassInfo itf = jdk.describe("java/util/function/IntSupplier");
        assertTrue(itf.isInterface());
        assertEquals("java/lang/Object", itf.superName());
        assertEquals(List.of(), itf.interfaces());
        assertEquals(
                List.of("java/util/SortedMap"),
                jdk.describe("java/util/NavigableMap").interfaces());

        assertNull(jdk.describe("java/lang/Object").superName());
    }

    @Test
    void theBootstrapLoaderSeesOnlyItsOwnClasses() {
        TypeResolver boot = ClassFileTypeResolver.ofLoader(null);
        assertEquals("java/lang/Number", boot.describe("java/lang/Integer").superName());
        // On the test class path, not on the bootstrap loader's.
        assertNull(boot.describe(ClassFileTypeResolverTest.class.getName().replace('.', '/')));
    }

    @Test
    void anArrayIsAnObjectThatIsCloneableAndSerializable() {
        for (String array : List.of("[I", "[[J", "[Ljava/lang/String;", "[[Ljava/util/List;")) {
            ClassInfo info = jdk.describe(array);
            assertNotNull(info, array);
            assertEquals("java/lang/Object", info.superName(), array);
            assertFalse(info.isInterface(), array);
            assertEquals(List.of("java/lang/Cloneable", "java/io/Serializable"), info.interfaces(), array);
        }
        assertNull(jdk.describe("[Lno/such/Element;"), "an array of a missing class is missing too");
    }

    /** A missing class is described as missing, never guessed: the transformer decides what that means. */
    @Test
    void aMissingClassIsNull() {
        assertNull(jdk.describe("no/such/Thing"));
        assertEquals("java/lang/Number", jdk.describe("java/lang/Integer").superName());
    }

    @Test
    void aClassMissingFromALoaderIsAskedForAgainLater() {
        ResourceLoader loader = new ResourceLoader();
        TypeResolver r = ClassFileTypeResolver.ofLoader(loader);
        assertNull(r.describe("app/Late"));
        loader.files.put("app/Late.class", classFile("app/Late", "java/lang/Object", false));
        assertNotNull(r.describe("app/Late"), "a class defined at run time appears later");
        r.describe("app/Late");
        assertEquals(2, loader.reads.stream().filter("app/Late.class"::equals).count(), "found classes are cached");
    }

    @Test
    void aFixedSourceRemembersWhatItLacks() {
        List<String> reads = new ArrayList<>();
        TypeResolver r = new ClassFileTypeResolver(
                name -> {
                    reads.add(name);
                    return null;
                },
                true);
        assertNull(r.describe("a/Missing"));
        assertNull(r.describe("a/Missing"));
        assertEquals(List.of("a/Missing"), reads);
    }

    @Test
    void anUnreadableClassFileIsMissing() {
        TypeResolver failing = new ClassFileTypeResolver(
                name -> {
                    throw new IOException("disk gone");
                },
                false);
        TypeResolver garbage = new ClassFileTypeResolver(name -> new byte[] {1, 2, 3}, false);
        assertNull(failing.describe("a/B"));
        assertNull(garbage.describe("a/B"));
    }

    @Test
    void theClassBeingTransformedIsReadFromItsOwnBytes() {
        ResourceLoader loader = new ResourceLoader();
        byte[] own = classFile("app/Own", "app/Base", false);
        loader.files.put("app/Base.class", classFile("app/Base", "java/lang/Object", false));
        TypeResolver r = ClassFileTypeResolver.forLoader(loader, "app/Own", own);
        assertEquals("app/Base", r.describe("app/Own").superName());
        assertEquals("java/lang/Object", r.describe("app/Base").superName());
        assertFalse(loader.reads.contains("app/Own.class"), loader.reads.toString());
    }

    @Test
    void aReadThatReentersTheResolverAnswersMissingInsteadOfRecursing() {
        // The circularity a class loader can cause: fetching a class file loads a class, which
        // asks the agent, which asks the resolver again, for the same class or another.
        List<ClassInfo> nested = new ArrayList<>();
        ClassFileTypeResolver[] self = new ClassFileTypeResolver[1];
        Map<String, byte[]> files =
                Map.of("a/B", classFile("a/B", "java/lang/Object", false), "a/C", classFile("a/C", "a/B", false));
        self[0] = new ClassFileTypeResolver(
                name -> {
                    nested.add(self[0].describe(name));
                    nested.add(self[0].describe(name.equals("a/B") ? "a/C" : "a/B"));
                    return files.get(name);
                },
                false);
        assertEquals("java/lang/Object", self[0].describe("a/B").superName());
        assertEquals(java.util.Arrays.asList(null, null), nested, "nested questions answered as missing");
        assertEquals("a/B", self[0].describe("a/C").superName(), "and not remembered as missing");
        assertEquals("a/B", nested.get(3).name(), "a nested question on a cached class is answered");
    }

    @Test
    void readsOfTwoThreadsDoNotWaitForEachOther() throws Exception {
        // If the resolver held a lock while reading, the second reader could not reach the barrier.
        CyclicBarrier bothReading = new CyclicBarrier(2);
        TypeResolver r = new ClassFileTypeResolver(
                name -> {
                    try {
                        bothReading.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                    return classFile(name, "java/lang/Object", false);
                },
                false);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ClassInfo> b = pool.submit(() -> r.describe("a/B"));
            Future<ClassInfo> c = pool.submit(() -> r.describe("a/C"));
            assertNotNull(b.get(20, TimeUnit.SECONDS));
            assertNotNull(c.get(20, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
