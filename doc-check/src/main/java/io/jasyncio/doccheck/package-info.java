/**
 * Checks the Java code blocks of the repository's Markdown documents: each block compiles as
 * shown, or is a verbatim excerpt of a source file the build compiles, or is marked as what it
 * is (a counterexample that must fail to compile, or pseudo-code). The marks are HTML comments
 * on the line before the block's opening fence, invisible on a rendered page; see {@link
 * io.jasyncio.doccheck.Mark}.
 */
package io.jasyncio.doccheck;
