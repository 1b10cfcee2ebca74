/**
 * Child processes on a loop: {@link io.jasyncio.internal.process.Subprocesses} starts the child
 * with a {@link ProcessBuilder}; {@code ProcessTransport} (asyncio's
 * {@code BaseSubprocessTransport}) and one pipe transport per piped stream, each with a pump
 * thread, since the JDK's pipes cannot be selected. Built on {@link io.jasyncio.EventLoop}'s
 * public API; the loop's {@code subprocessExec} and {@code subprocessShell} delegate here.
 *
 * <p>Not exported by the module.
 */
package io.jasyncio.internal.process;
