package io.jasyncio.internal.trace;

import io.jasyncio.Trace;
import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The machinery behind {@link Trace}: attaches a {@link Recorder} to a loop and renders it. */
public final class TraceControl {
    private final SelectorEventLoop loop;
    private final Recorder recorder;

    private TraceControl(SelectorEventLoop loop, Recorder recorder) {
        this.loop = loop;
        this.recorder = recorder;
    }

    /**
     * Attaches a new recorder to {@code loop}.
     *
     * @param loop the loop
     * @return the control
     * @throws IllegalStateException if the loop is closed or already traced
     */
    public static TraceControl start(SelectorEventLoop loop) {
        if (loop.isClosed()) {
            throw new IllegalStateException("Trace.start: Event loop is closed");
        }
        Tracer t = loop.tracer();
        if (t != null && t.recorder() != null) {
            throw new IllegalStateException("Trace.start: this loop is already traced");
        }
        if (t == null) {
            t = new Tracer(loop.clock());
            loop.setTracer(t);
        }
        Recorder r = new Recorder(loop.clock().nanoTime());
        t.setRecorder(r);
        return new TraceControl(loop, r);
    }

    /** Detaches the recorder; open spans end now. */
    public void close() {
        if (recorder.closed()) {
            return;
        }
        recorder.close(loop.clock().nanoTime());
        Tracer t = loop.tracer();
        if (t != null && t.recorder() == recorder) {
            t.setRecorder(null);
            if (t.idle()) {
                loop.setTracer(null);
            }
        }
    }

    /**
     * Whether closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return recorder.closed();
    }

    /**
     * Whether the recorder dropped events.
     *
     * @return true if it did
     */
    public boolean truncated() {
        return recorder.truncated;
    }

    /**
     * Start in loop seconds.
     *
     * @return the time
     */
    public double startTime() {
        return recorder.startNanos / 1e9;
    }

    /**
     * End in loop seconds (now if open).
     *
     * @return the time
     */
    public double endTime() {
        return endNanos() / 1e9;
    }

    private long endNanos() {
        return recorder.closed() ? recorder.endNanos() : loop.clock().nanoTime();
    }

    /**
     * All spans.
     *
     * @return a new list
     */
    public List<Trace.Span> spans() {
        List<List<Recorder.Span>> byRow = recorder.spansAt(endNanos());
        List<Trace.Span> out = new ArrayList<>();
        for (int i = 0; i < byRow.size(); i++) {
            Recorder.Row row = recorder.rows.get(i);
            for (Recorder.Span s : byRow.get(i)) {
                out.add(new Trace.Span(row.name, row.id, s.kind().label, s.detail(), s.start() / 1e9, s.end() / 1e9));
            }
        }
        return out;
    }

    /**
     * The SVG.
     *
     * @return the text
     */
    public String svg() {
        return new TimelineWriter(recorder, endNanos()).svg(true);
    }

    /**
     * The HTML page.
     *
     * @param title its title
     * @return the text
     */
    public String html(String title) {
        return new TimelineWriter(recorder, endNanos()).html(title);
    }

    /**
     * Writes {@code text} to {@code file}, creating the directory.
     *
     * @param file the file
     * @param text the content
     * @throws IOException if writing fails
     */
    public void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
