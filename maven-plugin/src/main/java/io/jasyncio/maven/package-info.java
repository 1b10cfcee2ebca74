/**
 * The jasyncio Maven plugin: {@code jasyncio:instrument} and {@code jasyncio:instrument-tests}
 * rewrite the {@code @Async} methods of {@code target/classes} and {@code target/test-classes}
 * in place, with the agent's own transformer ({@code io.jasyncio.agent.internal.AheadOfTime}),
 * so that a build's tests, {@code exec:java} and {@code java -jar} need no {@code -javaagent}.
 *
 * <p>The work is split so that each part can be tested without Maven: {@code ClassesInstrumenter} walks a classes folder and rewrites what changed,
 * {@code BuildState} remembers which class files are done, {@code Diagnostics} turns a refusal into a compiler-style line with the source path,
 * and the two mojos only gather Maven's folders and class path and report.
 *
 * <p>Where a static check would plug in (the checker's javac plugin reports the same mistakes at
 * compile time): {@code AbstractInstrumentMojo.execute} runs the instrumenter
 * and reports its refusals through {@code Diagnostics}; a check step belongs
 * there, before the instrumenter, reporting the same way.
 */
package io.jasyncio.maven;
