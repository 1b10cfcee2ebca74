package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link EventLoop#addSignalHandler} with a real signal: a child {@code kill} sends
 * {@code SIGUSR1} (10 on Linux) to this JVM. The CPython 3.11 program it mirrors:
 *
 * <pre>
 * loop.add_signal_handler(9, cb)     # RuntimeError: sig 9 cannot be caught (19: the same)
 * loop.add_signal_handler(0, cb)     # ValueError: invalid signal number 0 (100: the same)
 * loop.remove_signal_handler(10)     # False
 * loop.add_signal_handler(10, lambda: got.set_result("usr1"))
 * os.kill(os.getpid(), 10)
 * await got                          # "usr1"
 * loop.remove_signal_handler(10), loop.remove_signal_handler(10)   # True, False
 * </pre>
 */
@EnabledOnOs(OS.LINUX) // signal numbers are the platform's; 10 and 19 are Linux's
class SignalHandlerTest {
    private static final int SIGKILL = 9;
    private static final int SIGUSR1 = 10;
    private static final int SIGSEGV = 11;
    private static final int SIGSTOP = 19;

    private SelectorEventLoop loop;

    @BeforeEach
    void open() {
        loop = new SelectorEventLoop();
    }

    @AfterEach
    void close() {
        loop.close(); // removes what a failed test left
    }

    @Test
    void aSignalToTheJvmRunsTheHandlerOnTheLoopThread() throws Exception {
        Future<String> got = loop.createFuture();
        Thread loopThread = Thread.currentThread();
        loop.addSignalHandler(
                SIGUSR1, () -> got.setResult(Thread.currentThread() == loopThread ? "usr1" : "wrong thread"));
        Process kill = new ProcessBuilder(
                        "kill", "-USR1", Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        TimerHandle watchdog = loop.callLater(20, loop::stop);
        try {
            assertEquals("usr1", loop.runUntilComplete(got));
        } finally {
            watchdog.cancel();
        }
        assertTrue(loop.removeSignalHandler(SIGUSR1));
        assertFalse(loop.removeSignalHandler(SIGUSR1));
    }

    @Test
    void signalsThatCannotBeCaughtOrDoNotExistAreRefusedWithAsyncioTexts() {
        assertEquals(
                "sig 9 cannot be caught",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGKILL, () -> {}))
                        .getMessage());
        assertEquals(
                "sig 19 cannot be caught",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGSTOP, () -> {}))
                        .getMessage());
        assertEquals(
                "sig 11 cannot be caught (the JVM uses SIGSEGV itself)",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGSEGV, () -> {}))
                        .getMessage());
        assertEquals(
                "invalid signal number 0",
                assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(0, () -> {}))
                        .getMessage());
        assertEquals(
                "invalid signal number 100",
                assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(100))
                        .getMessage());
        assertFalse(loop.removeSignalHandler(SIGUSR1));
    }

    @Test
    void aClosedLoopTakesNoHandler() {
        loop.close();
        assertEquals(
                "Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGUSR1, () -> {}))
                        .getMessage());
    }
}
