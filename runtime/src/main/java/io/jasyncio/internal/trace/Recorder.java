package io.jasyncio.internal.trace;

import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The in-memory record of one trace: per task, consecutive spans (running, ready, or waiting
 * on something) from its first sighting to its end, and the loop's own marks (callbacks,
 * timers, I/O readiness). Times are loop-clock nanoseconds. Loop thread only.
 */
public final class Recorder {
    /** Beyond this many spans and marks the recorder stops adding and says it truncated. */
    static final int MAX_ITEMS = 2_000_000;

    final long startNanos;
    private long endNanos = Long.MIN_VALUE;
    final List<Row> rows = new ArrayList<>();
    private final IdentityHashMap<Task<?>, Row> byTask = new IdentityHashMap<>();
    final List<Mark> marks = new ArrayList<>();
    private int items;
    boolean truncated;

    /**
     * Starts recording at loop time {@code nowNanos}.
     *
     * @param nowNanos the loop clock's nanoseconds
     */
    public Recorder(long nowNanos) {
        this.startNanos = nowNanos;
    }

    /** One task's row. */
    static final class Row {
        final int id;
        String name;
        final long firstSeen;
        WaitKind kind;
        String detail;
        long since;
        boolean done;
        String outcome;
        long doneAt;
        final List<Span> spans = new ArrayList<>();

        Row(int id, String name, long now, WaitKind kind, String detail) {
            this.id = id;
            this.name = name;
            this.firstSeen = now;
            this.kind = kind;
            this.detail = detail;
            this.since = now;
        }
    }

    /** A span of one task's life, in loop nanoseconds. */
    record Span(long start, long end, WaitKind kind, String detail) {}

    /** A point (or, for callbacks, a short interval) in the loop's own row. */
    record Mark(long start, long end, String kind, String detail) {}

    boolean closed() {
        return endNanos != Long.MIN_VALUE;
    }

    long endNanos() {
        return endNanos;
    }

    void close(long nowNanos) {
        if (!closed()) {
            endNanos = nowNanos;
        }
    }

    private Row row(Task<?> task, long now, WaitKind kindIfNew, String detailIfNew) {
        Row r = byTask.get(task);
        if (r == null) {
            r = new Row(rows.size() + 1, task.getName(), now, kindIfNew, detailIfNew);
            rows.add(r);
            byTask.put(task, r);
        } else {
            r.name = task.getName();
        }
        return r;
    }

    private void transition(Row r, long now, WaitKind kind, String detail) {
        if (r.done) {
            return;
        }
        if (now > r.since && items < MAX_ITEMS) {
            r.spans.add(new Span(r.since, now, r.kind, r.detail));
            items++;
        } else if (items >= MAX_ITEMS) {
            truncated = true;
        }
        r.kind = kind;
        r.detail = detail;
        r.since = now;
    }

    void taskCreated(Task<?> task, long now) {
        if (closed()) {
            return;
        }
        row(task, now, WaitKind.READY, "created");
    }

    void stepStarted(Task<?> task, long now) {
        if (closed()) {
            return;
        }
        Row r = row(task, now, WaitKind.READY, "created before the trace");
        transition(r, now, WaitKind.RUNNING, "step");
    }

    void stepEnded(Task<?> task, long now, WaitKind kind, String detail) {
        if (closed()) {
            return;
        }
        Row r = row(task, now, WaitKind.RUNNING, "step");
        if (task.done()) {
            transition(r, now, WaitKind.RUNNING, "");
            r.done = true;
            r.doneAt = now;
            r.outcome = outcome(task);
        } else {
            transition(r, now, kind, detail);
        }
    }

    void woken(Task<?> task, long now) {
        if (closed()) {
            return;
        }
        Row r = byTask.get(task);
        if (r != null && r.kind != WaitKind.RUNNING && r.kind != WaitKind.READY) {
            transition(r, now, WaitKind.READY, "woken after " + r.detail);
        }
    }

    void mark(long start, long end, String kind, String detail) {
        if (closed()) {
            return;
        }
        if (items < MAX_ITEMS) {
            marks.add(new Mark(start, end, kind, detail));
            items++;
        } else {
            truncated = true;
        }
    }

    static String outcome(Task<?> task) {
        if (task.cancelled()) {
            return "cancelled";
        }
        Throwable e = WaitDescriber.peekException(task);
        return e == null
                ? "result"
                : "exception " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The spans of every task, the open ones cut at {@code nowNanos} (or at the end if closed).
     *
     * @param nowNanos the loop clock now
     * @return the spans by row, in row order
     */
    List<List<Span>> spansAt(long nowNanos) {
        long cut = closed() ? endNanos : nowNanos;
        List<List<Span>> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Span> l = new ArrayList<>(r.spans.size() + 1);
            for (Span s : r.spans) {
                if (s.start() < cut) {
                    l.add(s.end() <= cut ? s : new Span(s.start(), cut, s.kind(), s.detail()));
                }
            }
            if (!r.done && cut > r.since) {
                l.add(new Span(r.since, cut, r.kind, r.detail));
            }
            out.add(l);
        }
        return out;
    }
}
