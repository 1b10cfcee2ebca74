/**
 * jasyncio's compile-time checker, a javac plugin ({@link io.jasyncio.checker.JasyncioChecker}),
 * and {@link io.jasyncio.checker.Rule}, the one list of what jasyncio refuses in user code, which
 * the checker reports at compile time and the agent at class load. Depends on the JDK only; knows
 * the runtime's types by name.
 */
package io.jasyncio.checker;
