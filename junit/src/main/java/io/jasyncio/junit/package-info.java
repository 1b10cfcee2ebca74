/**
 * A JUnit 5 extension for testing jasyncio code: each test gets a fresh event loop on virtual
 * time, and fails if it leaves a task pending, a task exception unretrieved, a coroutine never
 * awaited, or the loop blocked.
 *
 * <p>Start with {@link io.jasyncio.junit.AsyncioTest} and {@link io.jasyncio.junit.TestLoop}.
 * The extension uses only the runtime's exported API ({@code Asyncio.newEventLoop(VirtualClock)},
 * {@code EventLoop.step()} and the loop's listeners, {@code Coroutine.setCreationListener}), so
 * it needs nothing the runtime module does not export.
 */
package io.jasyncio.junit;
