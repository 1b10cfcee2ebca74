package io.jasyncio.doccheck;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a block claims to be, from its {@code <!-- doc-check: ... -->} mark.
 *
 * <ul>
 *   <li>No mark: a whole compilation unit (imports and types), compiled as shown.
 *   <li>{@code doc-check: excerpt of PATH}: a verbatim run of lines (indentation aside) of {@code
 *       PATH}, a Java source file under a module's {@code src/main/java} or {@code src/test/java},
 *       which the build compiles. For fragments: their context is that file. {@code excerpt: PATH}
 *       (the README's quotes of the user projects) means the same.
 *   <li>{@code file: PATH}: the whole of such a file.
 *   <li>{@code doc-check: fails with "TEXT" ...}: a counterexample, or a block waiting for an API that has
 *       not landed yet; compiled as shown, it must fail with an error whose message contains
 *       {@code TEXT}. Once it compiles the check fails and says to drop the mark.
 *   <li>{@code doc-check: not compiled: REASON}: not Java (pseudo-code showing what the agent generates);
 *       it must still fail to compile, so a block that is plain Java cannot hide behind the mark.
 * </ul>
 */
public sealed interface Mark {
    /** A whole compilation unit. */
    record CompilationUnit() implements Mark {}

    /**
     * A verbatim excerpt.
     *
     * @param path the source file, relative to the repository's root
     */
    record ExcerptOf(String path) implements Mark {}

    /**
     * A whole source file.
     *
     * @param path the source file, relative to the repository's root
     */
    record WholeFile(String path) implements Mark {}

    /**
     * A block that must fail to compile with a given error.
     *
     * @param error text that one of javac's error messages contains
     */
    record FailsWith(String error) implements Mark {}

    /**
     * A block that is not Java.
     *
     * @param reason why
     */
    record NotCompiled(String reason) implements Mark {}

    /** The forms a mark may take, for error messages. */
    String FORMS =
            "<!-- doc-check: excerpt of PATH -->, <!-- file: PATH -->, <!-- doc-check: fails with \"TEXT\" WHY -->"
                    + " or <!-- doc-check: not compiled: REASON -->";

    /**
     * Parses the text of a mark, what stands between {@code <!--} and {@code -->} ({@code null}: no
     * mark).
     *
     * @throws IllegalArgumentException if the text is none of the forms
     */
    static Mark parse(String text) {
        if (text == null) {
            return new CompilationUnit();
        }
        Matcher m;
        if ((m = Pattern.compile("file:\\s*(\\S+)").matcher(text)).matches()) {
            return new WholeFile(m.group(1));
        }
        if ((m = Pattern.compile("excerpt:\\s*(\\S+)").matcher(text)).matches()) {
            return new ExcerptOf(m.group(1));
        }
        String own = text.startsWith("doc-check:")
                ? text.substring("doc-check:".length()).strip()
                : text;
        if ((m = Pattern.compile("excerpt of (\\S+)").matcher(own)).matches()) {
            return new ExcerptOf(m.group(1));
        }
        if ((m = Pattern.compile("fails with \"([^\"]+)\".*").matcher(own)).matches()) {
            return new FailsWith(m.group(1));
        }
        if ((m = Pattern.compile("not compiled:\\s*(\\S.*)").matcher(own)).matches()) {
            return new NotCompiled(m.group(1));
        }
        throw new IllegalArgumentException("unknown mark <!-- " + text + " -->; expected " + FORMS);
    }
}
