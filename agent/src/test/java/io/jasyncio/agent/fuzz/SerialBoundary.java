package io.jasyncio.agent.fuzz;

import io.jasyncio.agent.fuzz.DifferentialRunner.ProgramLoader;
import io.jasyncio.agent.fuzz.ProgramGenerator.Program;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Objects across the agent boundary: an instance of a program's class, written by the class as
 * javac made it (a JVM without the agent), must be read by the rewritten class (a JVM with it)
 * and back, which fails with {@code InvalidClassException} if the rewrite changed the class's
 * {@code serialVersionUID}.
 */
final class SerialBoundary {
    private SerialBoundary() {}

    /**
     * Writes an instance with one loader's class and reads it with the other's, both ways.
     *
     * @param p the program
     * @param original its classes as compiled
     * @param rewritten its classes as rewritten
     * @return null if both trips keep the object, else what went wrong
     */
    static String check(Program p, Map<String, byte[]> original, Map<String, byte[]> rewritten) {
        try {
            Class<?> without = Class.forName(p.className(), false, new ProgramLoader(original));
            Class<?> with = Class.forName(p.className(), false, new ProgramLoader(rewritten));
            String there = trip(without, "original class", with, "rewritten class", p.seed());
            return there != null ? there : trip(with, "rewritten class", without, "original class", ~p.seed());
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the program's class could not be loaded for the serialization check: "
                    + DifferentialRunner.stackTrace(e);
        }
    }

    private static String trip(Class<?> writer, String writerName, Class<?> reader, String readerName, long seed)
            throws ReflectiveOperationException {
        java.lang.reflect.Constructor<?> constructor = writer.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object written = constructor.newInstance();
        Field i = field(writer, "serialI");
        Field s = field(writer, "serialS");
        i.setInt(written, (int) seed);
        s.set(written, Long.toHexString(seed));
        String what = "an object written by the " + writerName + " and read by the " + readerName;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(written);
            }
            Object read;
            try (ObjectInputStream in = new LoaderInputStream(new ByteArrayInputStream(bytes.toByteArray()), reader)) {
                read = in.readObject();
            }
            if (read.getClass() != reader
                    || field(reader, "serialI").getInt(read) != (int) seed
                    || !Long.toHexString(seed).equals(field(reader, "serialS").get(read))) {
                return what + " is not the same object";
            }
            return null;
        } catch (IOException | ClassNotFoundException e) {
            return what + " failed (serialVersionUID "
                    + ObjectStreamClass.lookup(writer).getSerialVersionUID() + " written, "
                    + ObjectStreamClass.lookup(reader).getSerialVersionUID() + " read): "
                    + DifferentialRunner.stackTrace(e);
        }
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** Resolves the stream's classes with the reading class's loader. */
    private static final class LoaderInputStream extends ObjectInputStream {
        private final Class<?> reader;

        LoaderInputStream(InputStream in, Class<?> reader) throws IOException {
            super(in);
            this.reader = reader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            return Class.forName(desc.getName(), false, reader.getClassLoader());
        }
    }
}
