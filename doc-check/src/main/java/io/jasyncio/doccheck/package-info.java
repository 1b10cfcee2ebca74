/**
 * Checks the repository's Markdown documents against the code they show, so documentation cannot
 * rot.
 *
 * <p><b>Java blocks.</b> Each {@code java} block compiles as shown, or is a verbatim excerpt of a
 * source file the build compiles, or is marked as what it is (a counterexample that must fail to
 * compile, or pseudo-code). The marks are HTML comments on the line before the block's opening
 * fence, invisible on a rendered page; see {@link io.jasyncio.doccheck.Mark}.
 *
 * <p><b>Outputs.</b> A block of any other language marked {@code <!-- doc-check: output -->} is a
 * terminal session ({@link io.jasyncio.doccheck.Session}): each line starting with {@code $ } is a
 * command, and the lines under it are what it prints. The build runs the commands from the
 * repository's root ({@link io.jasyncio.doccheck.SessionRunner}: no shell; {@code java} and {@code
 * javac} are the JDK's running the build; {@code COMMAND &}, {@code $!} and {@code kill $!} as in
 * a shell) and compares, line by line, what each printed, standard output and standard error
 * together, with the page ({@link io.jasyncio.doccheck.OutputLines}). The rule for output that
 * differs from run to run (times, process ids, identity hashes, free ports) is explicit and
 * tolerant only where the page says so: a line must be equal to the run's, unless the mark names
 * it with a {@code varies:} template that both lines fit, where {@code #} stands for one number
 * and {@code *} for any text, or leaves it out of both with an {@code ignores:} template (for the
 * JDK's own frames of a stack trace, whose number differs between JDKs) ({@link
 * io.jasyncio.doccheck.OutputMark}). So a page shows a real
 * run's output, a number in an unmarked line is checked exactly, and a page line that no longer
 * fits its template fails too. Nothing is measured against a bound: the check never asserts
 * timing.
 */
package io.jasyncio.doccheck;
