package io.jasyncio.agent.internal.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.agent.internal.ClassFileTypeResolver;
import io.jasyncio.agent.internal.transform.fixtures.Samples;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/** The default serialVersionUID, computed from class files as ObjectStreamClass computes it from classes. */
class SerialVersionTest {

    private static ClassNode read(byte[] bytes) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, ClassReader.SKIP_CODE);
        return cn;
    }

    /** Every serializable class of a few JDK modules that declares no serialVersionUID: over 800 on JDK 17. */
    @Test
    void theDefaultUidOfEveryClassOfSeveralJdkPackagesIsTheJdksOwn() throws Exception {
        int compared = 0;
        List<String> differ = new ArrayList<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (String module : List.of("java.base", "java.desktop", "java.management", "java.naming", "java.sql")) {
            try (Stream<Path> files = Files.walk(jrt.getPath("modules", module))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!f.toString().endsWith(".class") || f.toString().endsWith("module-info.class")) {
                        continue;
                    }
                    ClassNode cn = read(Files.readAllBytes(f));
                    if (!cn.name.startsWith("java/") && !cn.name.startsWith("javax/")) {
                        continue; // the JDK's internals: some need native libraries to be looked at
                    }
                    Class<?> c;
                    try {
                        c = Class.forName(cn.name.replace('/', '.'), false, platform);
                    } catch (ClassNotFoundException | LinkageError notLoadable) {
                        continue;
                    }
                    if (!comparable(c)) {
                        continue;
                    }
                    if (ObjectStreamClass.lookupAny(c).getSerialVersionUID() != SerialVersion.defaultUid(cn)) {
                        differ.add(c.getName());
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared > 500, "compared " + compared);
        assertEquals(List.of(), differ, "of " + compared);
    }

    /**
     * ObjectStreamClass computes the default of a serializable class that declares none (enums
     * and records have none).
     */
    private static boolean comparable(Class<?> c) {
        if (!Serializable.class.isAssignableFrom(c) || Enum.class.isAssignableFrom(c) || c.isRecord() || c.isHidden()) {
            return false;
        }
        try {
            java.lang.reflect.Field f = c.getDeclaredField("serialVersionUID");
            return !Modifier.isStatic(f.getModifiers()) || !Modifier.isFinal(f.getModifiers());
        } catch (NoSuchFieldException e) {
            return true;
        }
    }

    /** A serializable nested class of the tests, private and with coroutines: the shape the agent rewrites. */
    @SuppressWarnings("unused")
    private static final class Ticket implements Serializable {
        private int number;
        transient String cache;
        static final String KIND = "t";

        Ticket(int number) {
            this.number = number;
        }

        io.jasyncio.Coroutine<Integer> next() {
            return null;
        }
    }

    @Test
    void theTestsOwnClassesToo() throws Exception {
        for (Class<?> c : List.of(Ticket.class, Failure.class)) {
            ClassNode cn = read(Fixtures.bytesOf(c));
            assertEquals(
                    ObjectStreamClass.lookupAny(c).getSerialVersionUID(), SerialVersion.defaultUid(cn), c.getName());
        }
    }

    @Test
    void theFieldIsAddedToASerializableClassOnlyWhenItDeclaresNone() throws Exception {
        ClassFileTypeResolver resolver = new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader());
        ClassNode ticket = read(Fixtures.bytesOf(Ticket.class));
        assertEquals(
                ObjectStreamClass.lookup(Ticket.class).getSerialVersionUID(), SerialVersion.toAdd(ticket, resolver));
        assertNull(SerialVersion.toAdd(read(Fixtures.bytesOf(Samples.class)), resolver), "not serializable");
        ClassNode declares = read(Fixtures.bytesOf(java.util.ArrayList.class));
        assertNull(SerialVersion.toAdd(declares, resolver), "ArrayList declares its own");
    }

    /** An exception is Serializable through Throwable: found by reading the supertypes' class files. */
    static final class Failure extends IllegalStateException {
        Failure(String m) {
            super(m);
        }
    }

    @Test
    void serializabilityInheritedFromAClassThatCannotBeReadAddsTheFieldAllTheSame() throws Exception {
        ClassNode failure = read(Fixtures.bytesOf(Failure.class));
        ClassFileTypeResolver resolver = new ClassFileTypeResolver(ClassFileLocator.ForClassLoader.ofSystemLoader());
        Long known = SerialVersion.toAdd(failure, resolver);
        assertEquals(ObjectStreamClass.lookup(Failure.class).getSerialVersionUID(), known);
        TypeResolver blind = name -> null;
        assertEquals(known, SerialVersion.toAdd(failure, blind), "might be serializable: added all the same");
        assertNull(
                SerialVersion.toAdd(read(Fixtures.bytesOf(Samples.class)), blind),
                "a direct subclass of Object with no interface cannot be");
    }

    /**
     * An object written by the class as compiled (a JVM without the agent) is read by the
     * rewritten class (a JVM with it), and back: without the added field, the rewrite's new
     * methods changed the default serialVersionUID and reading failed with InvalidClassException.
     */
    @Test
    void anObjectWrittenWithoutTheRewriteIsReadWithItAndBack() throws Exception {
        String name = "io.jasyncio.agent.internal.transform.fixtures.SerialTicket";
        byte[] original = Fixtures.bytesOf(name);
        byte[] rewritten = Fixtures.transformer().transform(original);
        Class<?> without = new OneClassLoader(name, original).loadClass(name);
        Class<?> with = new OneClassLoader(name, rewritten).loadClass(name);
        assertEquals(
                ObjectStreamClass.lookup(without).getSerialVersionUID(),
                ObjectStreamClass.lookup(with).getSerialVersionUID());
        assertTrue(with.getDeclaredMethods().length > without.getDeclaredMethods().length, "the body was added");
        for (Class<?>[] trip : List.of(new Class<?>[] {without, with}, new Class<?>[] {with, without})) {
            Object written = trip[0].getDeclaredConstructor().newInstance();
            trip[0].getField("number").setInt(written, 42);
            trip[0].getField("owner").set(written, "ann");
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(written);
            }
            ClassLoader reader = trip[1].getClassLoader();
            try (java.io.ObjectInputStream in =
                    new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())) {
                        @Override
                        protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                            return Class.forName(desc.getName(), false, reader);
                        }
                    }) {
                Object read = in.readObject();
                assertEquals(trip[1], read.getClass());
                assertEquals(42, trip[1].getField("number").getInt(read));
                assertEquals("ann", trip[1].getField("owner").get(read));
            }
        }
    }

    /** Defines one class from bytes; everything else from the test's loader. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClassLoader(String name, byte[] bytes) {
            super(SerialVersionTest.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(n)) {
                if (n.equals(name)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
                return super.loadClass(n, resolve);
            }
        }
    }
}
