package io.jasyncio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A record of what an event loop did while it was on: for every task, when it was created,
 * each step it ran, what it waited on between steps (a sleep, another task, a lock, a queue,
 * I/O, ...), when it was woken and how it finished; for the loop itself, the callbacks it ran,
 * the timers it scheduled and fired and the channels the selector reported ready. Times are in
 * the loop's clock, so a trace of a run on a virtual clock spans the simulated hours.
 *
 * <pre>{@code
 * try (Trace trace = Trace.start()) {      // inside a coroutine: traces the running loop
 *     await(gather(a(), b()));
 *     trace.close();
 *     trace.writeHtml(Path.of("target/timeline.html"));
 * }
 * }</pre>
 *
 * <p>A trace can be drawn as a timeline, one row per task, the running and waiting spans
 * coloured by what the task waits on, as a self-contained SVG ({@link #toSvg()}) or HTML page
 * ({@link #toHtml(String)}). Setting the system property {@code jasyncio.trace} to a file name
 * traces every loop that {@link Runner} (and so {@link Asyncio#run}) creates and writes the
 * timeline there when the runner closes (HTML unless the name ends with {@code .svg}).
 *
 * <p>An untraced loop pays one predictable branch per hook. A traced one keeps every span in
 * memory (a few tens of bytes each; recording stops, and {@link #truncated()} says so, past two
 * million). A trace is not thread-safe: use it on the loop's thread, or after the loop stopped.
 *
 * <p>The loop makes the trace (see {@link EventLoop#startTrace()}); jasyncio's own loops can be
 * traced.
 *
 * @apiNote asyncio has no tracing of its own; this plays the part of the third-party timeline
 *     tools for it, and of JFR events (published by the same hooks, see {@code ARCHITECTURE.md}).
 */
public abstract class Trace implements AutoCloseable {
    /** For the loops that can be traced. */
    protected Trace() {}

    /**
     * Starts tracing the running loop.
     *
     * @return the trace, recording until {@link #close()}
     * @throws IllegalStateException if no loop runs in this thread, or it is already traced
     */
    public static Trace start() {
        return start(Asyncio.getRunningLoop());
    }

    /**
     * Starts tracing {@code loop}; call it on the loop's thread or before the loop runs.
     *
     * @param loop the loop
     * @return the trace, recording until {@link #close()}
     * @throws IllegalStateException if the loop is closed or already traced
     * @throws IllegalArgumentException if the loop is not one of jasyncio's own
     * @throws NullPointerException if {@code loop} is null
     */
    public static Trace start(EventLoop loop) {
        if (loop == null) {
            throw new NullPointerException("loop");
        }
        Trace trace = loop.startTrace();
        if (trace == null) {
            throw new IllegalArgumentException(
                    "Trace.start: cannot trace " + loop.getClass().getName() + ", only jasyncio's own loops");
        }
        return trace;
    }

    @Override
    public abstract void close();

    /**
     * Tells whether recording has stopped.
     *
     * @return true once closed
     */
    public abstract boolean isClosed();

    /**
     * Tells whether the trace hit its size limit and stopped recording early.
     *
     * @return true if events were dropped
     */
    public abstract boolean truncated();

    /**
     * The loop time the trace started at.
     *
     * @return seconds on the loop's clock
     */
    public abstract double startTime();

    /**
     * The loop time the trace ended at, or the loop's time now if it is still recording.
     *
     * @return seconds on the loop's clock
     */
    public abstract double endTime();

    /**
     * Every span of every task, task by task in the order the trace first saw them, each
     * task's spans in time order and back to back from its first sighting to its end (or to
     * now). Spans of zero length, such as the steps of a run on a virtual clock, are left out.
     *
     * @return a new list
     */
    public abstract List<Span> spans();

    /**
     * The timeline as a self-contained SVG document: one row per task, a row for the loop's
     * own callbacks, a time axis in loop time and a legend; hover titles give each span's
     * details.
     *
     * @return the SVG text
     */
    public abstract String toSvg();

    /**
     * The timeline as a self-contained HTML page: the SVG and a table of the tasks, with no
     * external script or style sheet.
     *
     * @param title the page's title
     * @return the HTML text
     */
    public abstract String toHtml(String title);

    /**
     * Writes {@link #toSvg()} to {@code file}, creating its directory.
     *
     * @param file where to write
     * @throws IOException if writing fails
     */
    public void writeSvg(Path file) throws IOException {
        write(file, toSvg());
    }

    /**
     * Writes {@link #toHtml(String)} to {@code file}, titled with the file's name, creating its
     * directory.
     *
     * @param file where to write
     * @throws IOException if writing fails
     */
    public void writeHtml(Path file) throws IOException {
        write(file, toHtml(String.valueOf(file.getFileName())));
    }

    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * One span of a task's life.
     *
     * @param task the task's name
     * @param taskId the task's number in this trace, from 1 in the order first seen
     * @param state {@code running}, {@code ready} (queued to run), or what it waited on:
     *     {@code sleep}, {@code task}, {@code gather}, {@code lock}, {@code event},
     *     {@code queue}, {@code I/O}, {@code future}
     * @param detail a one-line description, such as {@code sleep 55 s at Chess.java:41}
     * @param start the loop time it began, in seconds
     * @param end the loop time it ended, in seconds
     */
    public record Span(String task, int taskId, String state, String detail, double start, double end) {
        /**
         * The span's length.
         *
         * @return {@code end - start}, in seconds
         */
        public double duration() {
            return end - start;
        }
    }
}
