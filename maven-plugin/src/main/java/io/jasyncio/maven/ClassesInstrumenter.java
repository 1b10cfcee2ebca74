package io.jasyncio.maven;

import io.jasyncio.agent.internal.AheadOfTime;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rewrites the coroutines of a classes folder in place, one class file at a time, with the
 * agent's transformer. Class files recorded in the {@link BuildState} as handled and unchanged
 * since are not read; a class the transformer refuses keeps its bytes and is not recorded, so
 * the next build tries it again.
 */
final class ClassesInstrumenter {
    private ClassesInstrumenter() {}

    /**
     * What one run did.
     *
     * @param classes class files in the folder
     * @param upToDate of those, skipped unread as handled by an earlier run
     * @param rewritten the class files rewritten now, relative to the folder, {@code /}-separated
     * @param refusals the coroutines the transformer refused, with the class file each is in
     */
    record Result(int classes, int upToDate, List<String> rewritten, List<Refused> refusals) {}

    /**
     * A refusal and the class file it came from.
     *
     * @param classFile the class file, relative to the folder
     * @param refusal what the transformer said
     */
    record Refused(String classFile, AheadOfTime.Refusal refusal) {}

    /**
     * Rewrites {@code classes} in place.
     *
     * @param classes the classes folder
     * @param classpath what its classes are compiled against, for class-hierarchy questions;
     *     {@code classes} is searched first whether listed or not
     * @param stateFile where the record of handled class files is kept
     * @return what was done
     * @throws IOException if a file cannot be read or written
     */
    static Result instrument(Path classes, List<Path> classpath, Path stateFile) throws IOException {
        BuildState before = BuildState.read(stateFile);
        BuildState after = BuildState.empty();
        List<String> rewritten = new ArrayList<>();
        List<Refused> refusals = new ArrayList<>();
        List<Path> lookup = new ArrayList<>();
        lookup.add(classes);
        lookup.addAll(classpath);
        int count = 0;
        int upToDate = 0;
        AheadOfTime.Session session = null;
        try {
            for (Path file : classFiles(classes)) {
                String path = classes.relativize(file).toString().replace(File.separatorChar, '/');
                count++;
                BuildState.Stamp stamp = stampOf(file);
                if (before.isCurrent(path, stamp)) {
                    after.put(path, stamp);
                    upToDate++;
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                if (!AheadOfTime.Session.mayNeedTransform(bytes)) {
                    after.put(path, stamp);
                    continue;
                }
                if (session == null) {
                    session = AheadOfTime.open(lookup);
                }
                byte[] out;
                try {
                    out = session.transform(bytes);
                } catch (AheadOfTime.Refusal r) {
                    refusals.add(new Refused(path, r));
                    continue;
                }
                if (out != null) {
                    replace(file, out);
                    rewritten.add(path);
                    stamp = stampOf(file);
                }
                after.put(path, stamp);
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        after.write(stateFile);
        return new Result(count, upToDate, rewritten, refusals);
    }

    /** The class files under {@code classes}, in a fixed order. */
    private static List<Path> classFiles(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> AheadOfTime.isClassFile(f.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private static BuildState.Stamp stampOf(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new BuildState.Stamp(a.size(), a.lastModifiedTime().toMillis());
    }

    /** Replaces a class file in one step, so that a killed build never leaves half a class. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".jasyncio.tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
