/**
 * The machinery behind {@code io.jasyncio}: the event loop ({@link
 * io.jasyncio.internal.SelectorEventLoop}), its timer heap, its clock and selector seams, and
 * the task implementation. Not exported by the module: applications use the interfaces in
 * {@code io.jasyncio}, and nothing here is a supported API.
 */
package io.jasyncio.internal;
