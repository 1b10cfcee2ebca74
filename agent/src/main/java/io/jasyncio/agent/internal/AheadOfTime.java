package io.jasyncio.agent.internal;

import io.jasyncio.agent.internal.transform.CoroutineTransformer;
import io.jasyncio.agent.internal.transform.TransformException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The ahead-of-time front end: rewrites every class of a folder or jar with the same
 * transformer the agent uses, so an application can ship rewritten classes and run without the
 * agent. Classes already rewritten are recognised and copied unchanged.
 */
public final class AheadOfTime {
    private AheadOfTime() {}

    /**
     * What an ahead-of-time run did.
     *
     * @param classes how many class files were read
     * @param rewritten how many were rewritten
     * @param errors one message per class that could not be rewritten
     */
    public record Report(int classes, int rewritten, List<String> errors) {}

    /**
     * Rewrites {@code in} into {@code out}.
     *
     * @param in a classes folder or a jar
     * @param out the folder or jar to write (a jar if its name ends in {@code .jar})
     * @param classpath what {@code in} depends on, separated by the platform's path separator
     * @return the report
     * @throws IOException if reading or writing fails
     */
    public static Report instrument(Path in, Path out, String classpath) throws IOException {
        TreeMap<String, byte[]> entries = read(in);
        List<ClassFileLocator> locators = new ArrayList<>();
        locators.add(new ClassFileLocator.Simple(toClassMap(entries)));
        for (String p : classpath.split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                Path path = Path.of(p);
                locators.add(
                        Files.isDirectory(path)
                                ? new ClassFileLocator.ForFolder(path.toFile())
                                : ClassFileLocator.ForJarFile.of(path.toFile()));
            }
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        CoroutineTransformer transformer =
                new CoroutineTransformer(new ClassFileTypeResolver(new ClassFileLocator.Compound(locators)));
        int classes = 0;
        int rewritten = 0;
        List<String> errors = new ArrayList<>();
        for (var e : entries.entrySet()) {
            if (!e.getKey().endsWith(".class") || e.getKey().endsWith("module-info.class")) {
                continue;
            }
            classes++;
            try {
                byte[] r = transformer.transform(e.getValue());
                if (r != null) {
                    e.setValue(r);
                    rewritten++;
                }
            } catch (TransformException ex) {
                errors.add(ex.getMessage());
            }
        }
        write(out, entries);
        return new Report(classes, rewritten, errors);
    }

    private static java.util.Map<String, byte[]> toClassMap(TreeMap<String, byte[]> entries) {
        java.util.Map<String, byte[]> m = new java.util.HashMap<>();
        for (var e : entries.entrySet()) {
            if (e.getKey().endsWith(".class")) {
                String name = e.getKey().substring(0, e.getKey().length() - 6).replace('/', '.');
                m.put(name, e.getValue());
            }
        }
        return m;
    }

    private static TreeMap<String, byte[]> read(Path in) throws IOException {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        if (Files.isDirectory(in)) {
            try (Stream<Path> files = Files.walk(in)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    entries.put(in.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(in.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (!e.isDirectory()) {
                        try (InputStream s = jar.getInputStream(e)) {
                            entries.put(e.getName(), s.readAllBytes());
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static void write(Path out, TreeMap<String, byte[]> entries) throws IOException {
        if (out.getFileName().toString().endsWith(".jar")) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (OutputStream os = Files.newOutputStream(out);
                    JarOutputStream jar = new JarOutputStream(os)) {
                for (var e : entries.entrySet()) {
                    JarEntry je = new JarEntry(e.getKey());
                    // A fixed time keeps the output jar reproducible.
                    je.setTime(0L);
                    jar.putNextEntry(je);
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            }
        } else {
            for (var e : entries.entrySet()) {
                Path f = out.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
        }
    }
}
