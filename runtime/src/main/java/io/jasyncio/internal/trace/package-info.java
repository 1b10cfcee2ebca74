/**
 * What the loop tells while something watches it: the {@link io.jasyncio.internal.trace.Tracer}
 * the loop calls through {@code if (tracer != null)} hooks, the {@code Recorder} of a {@link
 * io.jasyncio.Trace} and its {@code TimelineWriter} (SVG and HTML), and the JFR events
 * ({@code JfrSink}, {@code JfrSwitch}; {@code jdk.jfr} is an optional module). It knows the loop
 * only through what the loop hands it (a clock, the runnables it runs, {@link
 * io.jasyncio.internal.trace.TracedSleep}), so the loop uses it and not the reverse.
 *
 * <p>Not exported by the module.
 */
package io.jasyncio.internal.trace;
