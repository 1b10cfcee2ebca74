/**
 * A JUnit 5 extension for testing jasyncio code: each test gets a fresh event loop on virtual
 * time, and fails if it leaves a task pending, a task exception unretrieved, a coroutine never
 * awaited, or the loop blocked.
 *
 * <p>Start with {@link io.jasyncio.junit.AsyncioTest} and {@link io.jasyncio.junit.TestLoop}.
 * This package depends on the runtime's {@code io.jasyncio.internal} package (for the virtual
 * clock and the loop's listeners), so the runtime must be on the class path, as it is in a
 * Maven or Gradle test run.
 */
package io.jasyncio.junit;
