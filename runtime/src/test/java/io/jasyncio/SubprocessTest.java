package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.streams.Subprocess;
import io.jasyncio.streams.Subprocess.Communicated;
import io.jasyncio.streams.Subprocess.Options;
import io.jasyncio.streams.Subprocess.Redirect;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Subprocess} with real child processes ({@code cat}, {@code sh}, {@code sleep},
 * {@code head}), driven by hand-written coroutines. Every run is bounded by a 30 s watchdog.
 * After each test the process has exactly the file descriptors it had before, and no pump
 * thread is left.
 *
 * <p>The expected values come from the equivalent asyncio programs (CPython 3.11):
 * <pre>
 *   p = await asyncio.create_subprocess_exec("sleep", "30"); p.kill(); await p.wait()       # -9
 *   p = await asyncio.create_subprocess_exec("sleep", "30"); p.terminate(); await p.wait()  # -15
 *   p = await asyncio.create_subprocess_shell("no-such-command-jasyncio"); await p.wait()   # 127
 *   await asyncio.create_subprocess_exec("no-such-program")   # FileNotFoundError
 *   await asyncio.create_subprocess_exec("/etc/passwd")       # PermissionError
 * </pre>
 */
class SubprocessTest extends SocketLoopTest {
    @Override
    List<String> leftovers() {
        return pumps();
    }

    @Override
    double watchdogSeconds() {
        return 30;
    }

    private static List<String> pumps() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("jasyncio-subprocess-"))
                .toList();
    }

    private Subprocess start(Options options, String program, String... args) {
        return run(Subprocess.createSubprocessExec(options, program, args));
    }

    private Subprocess shell(Options options, String cmd) {
        return run(Subprocess.createSubprocessShell(options, cmd));
    }

    @Test
    void echoesLinesThroughCatAndEndsWhenStdinCloses() {
        Subprocess p = start(Options.pipes(), "cat");
        assertNull(p.returncode());
        assertTrue(p.pid() > 0);
        List<?> got = run(new Scripted<List<?>>("talk")
                .then(v -> {
                    p.stdin().write(b("hello\n"));
                    return p.stdin().drain();
                })
                .then(v -> p.stdout().readline())
                .then(first -> {
                    p.stdin().write(b("world\n"));
                    p.stdin().close();
                    return new Scripted<List<?>>("rest")
                            .then(x -> p.stdout().read(-1))
                            .then(rest -> List.of(s(first), s(rest)));
                })
                .then(v -> Scripted.value(v)));
        assertEquals(List.of("hello\n", "world\n"), got);
        assertEquals(0, run(p.waitFor()));
        assertEquals(0, p.returncode());
    }

    @Test
    void communicateMovesTensOfMegabytesBothWaysWithoutDeadlock() {
        byte[] input = new byte[24 * 1024 * 1024];
        new Random(42).nextBytes(input);
        Subprocess p = shell(Options.pipes(), "cat; echo done >&2");
        Communicated out = run(p.communicate(input));
        assertArrayEquals(input, out.stdout());
        assertEquals("done\n", s(out.stderr()));
        assertEquals(0, p.returncode());
    }

    @Test
    void aChildWritingFasterThanWeReadBlocksOnItsPipeUntilWeRead() {
        int size = 50_000_000;
        Subprocess p =
                start(Options.pipes().withStdin(Redirect.DEVNULL), "head", "-c", String.valueOf(size), "/dev/zero");
        // Read nothing for half a second: with back-pressure the child cannot finish writing
        // 50 MB into a pipe nobody drains, so it has not exited.
        run(Asyncio.sleep(0.5));
        assertNull(p.returncode(), "the child wrote 50 MB although nobody read it");
        Communicated out = run(p.communicate());
        assertEquals(size, out.stdout().length);
        assertEquals(0, p.returncode());
    }

    @Test
    void exitCodesAreReportedAsTheChildGivesThem() {
        assertEquals(3, run(shell(Options.DEFAULTS, "exit 3").waitFor()));
        assertEquals(0, run(start(Options.DEFAULTS, "true").waitFor()));
        // A command the shell cannot find: 127, as with asyncio.create_subprocess_shell.
        Subprocess missing = shell(Options.DEFAULTS.withStderr(Redirect.DEVNULL), "no-such-command-jasyncio");
        assertEquals(127, run(missing.waitFor()));
    }

    @Test
    void killEndsTheChildWithMinusNineAndTerminateWithMinusFifteen() {
        Subprocess sleeper = start(Options.DEFAULTS, "sleep", "30");
        sleeper.kill();
        assertEquals(-9, run(sleeper.waitFor()));
        // After the exit nothing happens (asyncio 3.11 raises ProcessLookupError here; jasyncio's
        // stream-level Subprocess keeps ignoring it, as it always has).
        sleeper.kill();
        Subprocess polite = start(Options.DEFAULTS, "sleep", "30");
        polite.terminate();
        assertEquals(-15, run(polite.waitFor()));
        assertEquals(-15, polite.returncode());
        Future<Void> after = polite.sendSignal(2);
        assertTrue(after.done() && after.exception() == null);
        assertEquals(-15, polite.returncode());
    }

    /*
     * p = await asyncio.create_subprocess_exec("sleep", "30")
     * p.send_signal(signal.SIGINT); await p.wait()      # -2
     */
    @Test
    void sendSignalSendsAnySignalAndTheReturncodeIsMinusItsNumber() {
        Subprocess p = start(Options.DEFAULTS.withStdin(Redirect.DEVNULL), "sleep", "30");
        run(p.sendSignal(2));
        assertEquals(-2, run(p.waitFor()));
        assertThrows(IllegalArgumentException.class, () -> p.sendSignal(65));
    }

    @Test
    void aShellPipelineRunsThroughTheShell() {
        Subprocess p = shell(Options.pipes(), "printf 'b\\na\\nc\\n' | sort | tr a-z A-Z");
        Communicated out = run(p.communicate());
        assertEquals("A\nB\nC\n", s(out.stdout()));
        assertEquals("", s(out.stderr()));
        assertEquals(0, p.returncode());
    }

    @Test
    void stderrCanJoinStdoutAndStdinCanBeTheNullDevice() {
        Subprocess p = shell(
                Options.DEFAULTS
                        .withStdin(Redirect.DEVNULL)
                        .withStdout(Redirect.PIPE)
                        .withStderr(Redirect.STDOUT),
                "cat; echo out; echo err >&2");
        assertNull(p.stdin());
        assertNull(p.stderr());
        Communicated out = run(p.communicate());
        assertEquals("out\nerr\n", s(out.stdout()));
        assertNull(out.stderr());
    }

    @Test
    void closingStdinGivesTheChildEndOfFile() {
        Subprocess p = start(Options.pipes(), "wc", "-c");
        Communicated out = run(p.communicate(b("12345")));
        assertEquals("5", s(out.stdout()).trim());
    }

    @Test
    void aMissingProgramRaisesNoSuchFileExceptionAndAnUnrunnableOneAccessDenied() {
        Throwable e = assertThrows(Throwable.class, () -> start(Options.pipes(), "no-such-program-jasyncio", "arg"));
        assertInstanceOf(NoSuchFileException.class, e);
        assertTrue(e.getMessage().contains("no-such-program-jasyncio"), e.getMessage());
        assertTrue(e.getMessage().contains("Subprocess.createSubprocessExec"), e.getMessage());
        // A file that is not executable: PermissionError in asyncio.
        Throwable denied = assertThrows(Throwable.class, () -> start(Options.DEFAULTS, "/etc/passwd"));
        assertInstanceOf(java.nio.file.AccessDeniedException.class, denied);
        assertTrue(denied.getMessage().contains("/etc/passwd"), denied.getMessage());
    }

    @Test
    void cancellingATaskWaitingForTheChildLeavesTheChildRunning() {
        Subprocess p = start(Options.pipes(), "cat");
        Task<Integer> waiter = loop.createTask(p.waitFor());
        run(Asyncio.sleep(0.05));
        waiter.cancel();
        assertThrows(CancelledError.class, () -> run(Scripted.awaiting("join", waiter)));
        assertNull(p.returncode());
        assertTrue(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false), "the child was killed");
        // The child is still ours to talk to, and ends normally.
        Communicated out = run(p.communicate(b("still here")));
        assertEquals("still here", s(out.stdout()));
        assertEquals(0, p.returncode());
    }

    @Test
    void drainWaitsUntilTheChildHasTakenTheBytes() {
        Subprocess p = start(Options.pipes().withStdout(Redirect.DEVNULL), "cat");
        byte[] big = new byte[4 * 1024 * 1024];
        long[] sizes = new long[2];
        run(new Scripted<Void>("feed")
                .then(v -> {
                    p.stdin().write(big);
                    // write only queues: the pump's progress reaches the loop on a later iteration
                    sizes[0] = p.stdin().writeBufferSize();
                    return p.stdin().drain();
                })
                .then(v -> {
                    sizes[1] = p.stdin().writeBufferSize();
                    p.stdin().close();
                    return p.waitFor();
                })
                .then(v -> Scripted.value(null)));
        assertEquals(big.length, sizes[0]);
        assertTrue(sizes[1] <= 16 * 1024, "drain returned with " + sizes[1] + " bytes still buffered");
        assertEquals(0, p.returncode());
    }

    /*
     * asyncio (3.11): writing to a child that closed its stdin makes drain() raise:
     *   p = await create_subprocess_shell("exec 0<&-; echo closed; exec sleep 5", stdin=PIPE, stdout=PIPE)
     *   await p.stdout.readline(); p.stdin.write(b"x" * 2**20); await p.stdin.drain()
     *   # ConnectionResetError: Connection lost   (the pipe's EPIPE closed the transport first)
     * jasyncio raises the pipe's own IOException ("Broken pipe"), an IOException all the same.
     */
    @Test
    void drainRaisesWhenTheChildClosedItsStdin() {
        Subprocess p = shell(Options.pipes(), "exec 0<&-; echo closed; exec sleep 5");
        Throwable e = assertThrows(
                Throwable.class,
                () -> run(new Scripted<Void>("write")
                        .then(v -> p.stdout().readline())
                        .then(line -> {
                            assertEquals("closed\n", s(line));
                            p.stdin().write(new byte[1024 * 1024]);
                            return p.stdin().drain();
                        })
                        .then(v -> Scripted.value(null))));
        assertInstanceOf(IOException.class, e);
        p.kill();
        assertEquals(-9, run(p.waitFor()));
    }

    @Test
    void closingTheLoopEndsThePumpsOfAChildNobodyReads() throws Exception {
        Subprocess p = start(Options.pipes(), "head", "-c", "50000000", "/dev/zero");
        run(Asyncio.sleep(0.2));
        assertNull(p.returncode(), "the child should be blocked on its full stdout pipe");
        ProcessHandle child = ProcessHandle.of(p.pid()).orElseThrow();
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
        loop.close();
        // The stdout pump notices the closed loop, stops and closes its end of the pipe; the
        // child's next write then fails (SIGPIPE) and it exits.
        child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        loop = new SelectorEventLoop(); // for the descriptor and thread checks after the test
    }

    @Test
    void optionsRefuseStdoutForStdinAndStdout() {
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULTS.withStdout(Redirect.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULTS.withStdin(Redirect.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULTS.withLimit(0));
    }
}
