/**
 * The examples of the tutorial in {@code docs/tutorial/}: each page shows one of these files
 * beside its Python original, the command that runs it and its output, and the build runs every
 * such command and compares the output with the page (the {@code doc-check} module). They use
 * only jasyncio's public API, as every sample does.
 */
package io.jasyncio.samples.tutorial;
