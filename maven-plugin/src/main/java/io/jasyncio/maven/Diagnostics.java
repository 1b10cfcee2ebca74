package io.jasyncio.maven;

import io.jasyncio.agent.internal.AheadOfTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a refusal into the line the compiler plugin would print for a compile error,
 * {@code /abs/src/main/java/p/C.java:[42,1] p.C.m: what is wrong}, which IDEs and CI log viewers
 * turn into a link to the source line. Without the source file (generated code, another
 * language's sources), the transformer's own message stands, whose {@code p.C.m(C.java:42)}
 * reads like a stack-trace element and links the same way.
 */
final class Diagnostics {
    private Diagnostics() {}

    /**
     * The diagnostic line for a refusal.
     *
     * @param refusal what the transformer said
     * @param sourceRoots the folders the classes were compiled from, searched in order
     * @return one line, without a trailing newline
     */
    static String format(AheadOfTime.Refusal refusal, List<Path> sourceRoots) {
        Path source = sourceOf(refusal, sourceRoots);
        if (source == null || refusal.method() == null) {
            return refusal.getMessage();
        }
        String where = refusal.line() > 0
                ? source.toAbsolutePath() + ":[" + refusal.line() + ",1]"
                : source.toAbsolutePath() + ":";
        return where + " " + refusal.className() + "." + refusal.method() + ": " + refusal.problem();
    }

    /** The source file of the refused class: its package folder and SourceFile name, under the first root that has it. */
    static Path sourceOf(AheadOfTime.Refusal refusal, List<Path> sourceRoots) {
        String className = refusal.className();
        int dot = className.lastIndexOf('.');
        String packageFolder = dot < 0 ? "" : className.substring(0, dot).replace('.', '/');
        String file = refusal.sourceFile();
        if (file == null) {
            String simple = className.substring(dot + 1);
            int dollar = simple.indexOf('$');
            file = (dollar < 0 ? simple : simple.substring(0, dollar)) + ".java";
        }
        for (Path root : sourceRoots) {
            Path candidate = packageFolder.isEmpty()
                    ? root.resolve(file)
                    : root.resolve(packageFolder).resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
