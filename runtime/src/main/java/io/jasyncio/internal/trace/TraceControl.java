package io.jasyncio.internal.trace;

import io.jasyncio.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@link Trace} of a jasyncio loop: a {@link Recorder} attached to the loop's {@link Tracer},
 * rendered by the {@link TimelineWriter}. The loop makes it, and detaches the recorder when it
 * is closed.
 */
public final class TraceControl extends Trace {
    private final LongSupplier clock;
    private final Recorder recorder;
    private final Runnable detach;

    /**
     * Attaches a new recorder to {@code tracer}.
     *
     * @param tracer the loop's tracer
     * @param clock the loop's clock, in nanoseconds
     * @param detach what the loop does when the trace closes: drop the recorder from the tracer,
     *     and the tracer once it is idle
     * @throws IllegalStateException if the tracer already records a trace
     */
    public TraceControl(Tracer tracer, LongSupplier clock, Runnable detach) {
        if (tracer.recorder() != null) {
            throw new IllegalStateException("Trace.start: this loop is already traced");
        }
        this.clock = clock;
        this.recorder = new Recorder(clock.getAsLong());
        this.detach = detach;
        tracer.setRecorder(recorder);
    }

    /**
     * Tells whether {@code tracer} records this trace.
     *
     * @param tracer a tracer
     * @return true if this trace's recorder is attached to it
     */
    public boolean recordsWith(Tracer tracer) {
        return tracer.recorder() == recorder;
    }

    @Override
    public void close() {
        if (recorder.closed()) {
            return;
        }
        recorder.close(clock.getAsLong());
        detach.run();
    }

    @Override
    public boolean isClosed() {
        return recorder.closed();
    }

    @Override
    public boolean truncated() {
        return recorder.truncated;
    }

    @Override
    public double startTime() {
        return recorder.startNanos / 1e9;
    }

    @Override
    public double endTime() {
        return endNanos() / 1e9;
    }

    private long endNanos() {
        return recorder.closed() ? recorder.endNanos() : clock.getAsLong();
    }

    @Override
    public List<Span> spans() {
        List<List<Recorder.Span>> byRow = recorder.spansAt(endNanos());
        List<Span> out = new ArrayList<>();
        for (int i = 0; i < byRow.size(); i++) {
            Recorder.Row row = recorder.rows.get(i);
            for (Recorder.Span s : byRow.get(i)) {
                out.add(new Span(row.name, row.id, s.kind().label, s.detail(), s.start() / 1e9, s.end() / 1e9));
            }
        }
        return out;
    }

    @Override
    public String toSvg() {
        return new TimelineWriter(recorder, endNanos()).svg(true);
    }

    @Override
    public String toHtml(String title) {
        return new TimelineWriter(recorder, endNanos()).html(title);
    }
}
