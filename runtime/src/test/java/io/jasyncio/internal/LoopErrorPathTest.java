package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's error path cannot end the loop: an {@link Error} thrown while reporting (a class
 * that cannot be loaded in a process out of descriptors, no memory left) is written to standard
 * error as a preallocated line, and the loop runs its next callbacks.
 */
class LoopErrorPathTest {
    private final Logger jul = Logger.getLogger("io.jasyncio");
    private boolean parents;
    private final List<String> published = new ArrayList<>();
    /** A logging back-end that fails as one does when it cannot load what it needs. */
    private final Handler failing = new Handler() {
        @Override
        public void publish(LogRecord record) {
            published.add(record.getMessage());
            throw new NoClassDefFoundError("io/jasyncio/SomethingNotLoadedYet");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final SelectorEventLoop loop = new SelectorEventLoop(new ManualClock(0), new FakeSelector());

    @BeforeEach
    void breakLogging() {
        parents = jul.getUseParentHandlers();
        jul.setUseParentHandlers(false);
        jul.addHandler(failing);
    }

    @AfterEach
    void restore() {
        jul.removeHandler(failing);
        jul.setUseParentHandlers(parents);
        loop.close();
    }

    @Test
    void anErrorThrownWhileReportingACallbackFailureDoesNotLeaveTheLoop() {
        List<String> ran = new ArrayList<>();
        loop.callSoon(() -> {
            throw new IllegalStateException("first");
        });
        loop.callSoon(() -> ran.add("second"));
        loop.step();
        assertEquals(List.of("second"), ran, "the loop ran the next callback");
        assertTrue(published.get(0).startsWith("Exception in callback "), published.toString());
        loop.callSoon(() -> ran.add("third"));
        loop.step();
        assertEquals(List.of("second", "third"), ran);
    }

    @Test
    void anErrorThrownByTheHandlerAndThenByTheLoggerIsContained() {
        loop.setExceptionHandler((l, ctx) -> {
            throw new OutOfMemoryError("no memory left to handle " + ctx.message());
        });
        loop.callExceptionHandler(io.jasyncio.ErrorContext.of("a report", null));
        assertFalse(published.isEmpty(), "the default handler was tried");
    }
}
