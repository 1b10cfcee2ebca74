package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.SubprocessOptions.Redirect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventLoop#subprocessExec} and {@link EventLoop#subprocessShell} with real children
 * ({@code sh}, {@code cat}, {@code head}, {@code sleep}), driven by protocols that log every
 * callback: the order of the callbacks, the pipes and their flow control, redirects, exit codes,
 * closing, failures to start. The expected orders come from the asyncio program kept beside each
 * test (CPython 3.11). Children that must do things in a given order wait for a line on stdin
 * (or a file) that the test writes when it has seen the step before, so no order depends on
 * timing. After each test the process has the file descriptors it had before and no pump or
 * signal thread is left.
 */
class SubprocessTransportTest extends SubprocessLoopTest {

    /*
     * class P(asyncio.SubprocessProtocol):
     *     def connection_made(self, t): self.t = t; log.append("made")
     *     def pipe_data_received(self, fd, d):
     *         log.append(f"data {fd} {d.decode().strip()}"); self.t.get_pipe_transport(0).write(b"next\n")
     *     def pipe_connection_lost(self, fd, e):
     *         log.append(f"pipe_lost {fd} {e}")
     *         if fd != 0: self.t.get_pipe_transport(0).write(b"next\n")
     *     def process_exited(self): log.append(f"exited {self.t.get_returncode()}")
     *     def connection_lost(self, e): log.append(f"lost {e}")
     * t, p = await loop.subprocess_shell(P, "read go; echo out; read a; echo err >&2; read b; "
     *                                       "exec >&-; read c; exec 2>&-; read d; exit 3")
     * log.append("returned"); t.get_pipe_transport(0).write(b"go\n")
     * # made, returned, data 1 out, data 2 err, pipe_lost 1 None, pipe_lost 2 None,
     * # pipe_lost 0 None, exited 3, lost None
     */
    @Test
    void callbacksComeInAsyncioOrderWhenTheChildClosesItsPipesBeforeExiting() {
        Recorder p = new Recorder() {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                transport.getStdinTransport().write(b("next\n"));
            }

            @Override
            public void pipeConnectionLost(int fd, Throwable exc) {
                super.pipeConnectionLost(fd, exc);
                if (fd != 0) {
                    transport.getStdinTransport().write(b("next\n"));
                }
            }
        };
        SubprocessEndpoint<Recorder> e = shell(
                p,
                SubprocessOptions.PIPES,
                "read go; echo out; read a; echo err >&2; read b; exec >&-; read c; exec 2>&-; read d; exit 3");
        assertSame(p, e.protocol());
        assertSame(p.transport, e.transport());
        p.log.add("returned");
        e.transport().getStdinTransport().write(b("go\n"));
        run(p.lost);
        assertEquals(
                List.of(
                        "made",
                        "returned",
                        "data 1 out",
                        "data 2 err",
                        "pipe_lost 1 null",
                        "pipe_lost 2 null",
                        "pipe_lost 0 null",
                        "exited 3",
                        "lost null"),
                p.log);
        assertEquals(3, e.transport().getReturncode());
        assertFalse(e.transport().isClosing(), "nobody closed it");
    }

    /*
     * t, p = await loop.subprocess_shell(P, "(sleep 0.3; echo late) & exit 3", stdin=DEVNULL, stderr=DEVNULL)
     * # made, returned, exited 3, data 1 late, pipe_lost 1 None, lost None
     * (here the child waits for a file the test creates once the stdout pump holds its stream, and
     * the grandchild for one the protocol creates when it hears of the exit)
     */
    @Test
    void aChildWhoseGrandchildHoldsStdoutExitsFirstAndConnectionLostWaitsForThePipe() throws IOException {
        Path exit = scratch("exit");
        Path late = scratch("late");
        Recorder p = new Recorder() {
            @Override
            public void processExited() {
                super.processExited();
                try {
                    Files.createFile(late);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        try {
            SubprocessEndpoint<Recorder> e =
                    shell(p, QUIET, "(" + waitFor(late) + "; echo late) & " + waitFor(exit) + "; exit 3");
            p.log.add("returned");
            awaitPumpHoldingItsStream(e.transport().getPid());
            Files.createFile(exit);
            run(p.lost);
            assertEquals(
                    List.of("made", "returned", "exited 3", "data 1 late", "pipe_lost 1 null", "lost null"), p.log);
            assertNull(e.transport().getPipeTransport(0));
            assertNull(e.transport().getPipeTransport(2));
        } finally {
            Files.deleteIfExists(exit);
            Files.deleteIfExists(late);
        }
    }

    private static String waitFor(Path file) {
        return "while [ ! -e '" + file + "' ]; do sleep 0.01; done";
    }

    /**
     * Waits until the stdout pump of {@code pid} holds its stream's monitor: from then on the JDK
     * cannot drain and close the pipe at the child's exit (see ReadTransport.pump).
     */
    private static void awaitPumpHoldingItsStream(long pid) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String name = "jasyncio-subprocess-" + pid + "-stdout";
        for (int i = 0; i < 5000; i++) {
            for (java.lang.management.ThreadInfo ti : mx.dumpAllThreads(true, false)) {
                if (ti.getThreadName().equals(name) && ti.getLockedMonitors().length > 0) {
                    return;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError(name + " never took its stream's monitor");
    }

    /*
     * The same P, raising RuntimeError after logging in one callback:
     *   t, p = await loop.subprocess_shell(P, "read go; echo out; read a; exec >&-; read b; exit 3")
     * Each raise reaches the exception handler ("Exception in callback P.pipe_data_received(1, b'out\n')")
     * and nothing else changes:
     * # made, data 1 out, pipe_lost 1 None, pipe_lost 0 None, exited 3, lost None
     */
    @ParameterizedTest
    @ValueSource(
            strings = {"connectionMade", "pipeDataReceived", "pipeConnectionLost", "processExited", "connectionLost"})
    void aCallbackThatThrowsGoesToTheExceptionHandlerAndTheOthersStillCome(String thrower) {
        List<String> log = new ArrayList<>();
        List<Throwable> handled = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            log.add("handler: " + ctx.message());
            handled.add(ctx.exception());
        });
        RuntimeException boom = new RuntimeException("boom");
        Recorder p = new Recorder(log) {
            @Override
            public void connectionMade(SubprocessTransport t) {
                super.connectionMade(t);
                maybeThrow("connectionMade");
            }

            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                transport.getStdinTransport().write(b("next\n"));
                maybeThrow("pipeDataReceived");
            }

            @Override
            public void pipeConnectionLost(int fd, Throwable exc) {
                super.pipeConnectionLost(fd, exc);
                if (fd == 1) {
                    transport.getStdinTransport().write(b("next\n"));
                }
                maybeThrow("pipeConnectionLost");
            }

            @Override
            public void processExited() {
                super.processExited();
                maybeThrow("processExited");
            }

            @Override
            public void connectionLost(Throwable exc) {
                super.connectionLost(exc);
                maybeThrow("connectionLost");
            }

            void maybeThrow(String callback) {
                if (callback.equals(thrower)) {
                    throw boom;
                }
            }
        };
        SubprocessEndpoint<Recorder> e = shell(
                p,
                SubprocessOptions.PIPES.withStderr(Redirect.DEVNULL),
                "read go; echo out; read a; exec >&-; read b; exit 3");
        e.transport().getStdinTransport().write(b("go\n"));
        run(p.lost);
        run(Asyncio.sleep(0)); // connectionLost's throw reaches the handler as its callback ends
        String[][] calls = {
            {"made", "connectionMade", "transport"},
            {"data 1 out", "pipeDataReceived", "1, 4 bytes"},
            {"pipe_lost 1 null", "pipeConnectionLost", "1, null"},
            {"pipe_lost 0 null", "pipeConnectionLost", "0, null"},
            {"exited 3", "processExited", ""},
            {"lost null", "connectionLost", "null"}
        };
        List<String> expected = new ArrayList<>();
        for (String[] c : calls) {
            expected.add(c[0]);
            if (c[1].equals(thrower)) {
                expected.add("handler: Exception in callback <Handle SubprocessProtocol." + c[1] + "(" + c[2] + ")>");
            }
        }
        assertEquals(expected, log);
        assertTrue(!handled.isEmpty() && handled.stream().allMatch(t -> t == boom), handled.toString());
    }

    /*
     * t, p = await loop.subprocess_exec(P, "head", "-c", "10000000", "/dev/zero", stdin=DEVNULL)
     * r = t.get_pipe_transport(1); r.pause_reading(); r.is_reading()   # False
     * await asyncio.sleep(0.3)     # nothing received, t.get_returncode() is None
     * r.resume_reading(); await p.done   # 10000000 bytes, returncode 0
     */
    @Test
    void pauseReadingHoldsBackDataAndTheChildBlocksOnItsFullPipe() {
        int size = 10_000_000;
        boolean[] dataWhilePaused = {false};
        Recorder p = new Recorder() {
            @Override
            public void connectionMade(SubprocessTransport t) {
                super.connectionMade(t);
                t.getStdoutTransport().pauseReading();
            }

            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                received[fd].writeBytes(data);
                ReadTransport r = transport.getStdoutTransport();
                dataWhilePaused[0] |= !r.isReading();
                // Half-way, pause again for a while: nothing may arrive meanwhile.
                if (received[fd].size() >= size / 2 && received[fd].size() - data.length < size / 2) {
                    r.pauseReading();
                    loop.callLater(0.1, r::resumeReading);
                }
            }
        };
        SubprocessEndpoint<Recorder> e = exec(p, QUIET, "head", "-c", String.valueOf(size), "/dev/zero");
        ReadTransport stdout = e.transport().getStdoutTransport();
        assertFalse(stdout.isReading());
        run(Asyncio.sleep(0.3));
        assertEquals(0, p.received[1].size(), "data arrived while reading was paused");
        assertNull(e.transport().getReturncode(), "the child wrote 10 MB although nobody read it");
        stdout.resumeReading();
        assertTrue(stdout.isReading());
        run(p.lost);
        assertFalse(dataWhilePaused[0], "pipeDataReceived was called while paused");
        assertEquals(size, p.received[1].size());
        assertTrue(p.log.containsAll(List.of("pipe_lost 1 null", "exited 0")), p.log.toString());
        assertEquals("lost null", p.log.get(p.log.size() - 1));
    }

    /*
     * t, p = await loop.subprocess_exec(P, "cat")
     * w = t.get_pipe_transport(0); w.write(b"hello\n"); w.write_eof()
     * w.is_closing()      # True; w.can_write_eof() is True
     * w.write(b"dropped") # dropped
     * # made, pipe_lost 0 None, data 1 hello, pipe_lost 1 None, pipe_lost 2 None, exited 0, lost None
     * (asyncio's write went out at once, so its pipe_lost 0 comes first; here the pump writes, so
     * pipe_lost 0 and the data race, and the test checks the order per pipe)
     */
    @Test
    void stdinWritesReachTheChildAndWriteEofEndsIt() {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = exec(p, SubprocessOptions.PIPES, "cat");
        WriteTransport w = e.transport().getStdinTransport();
        assertSame(w, e.transport().getPipeTransport(0));
        assertTrue(w.canWriteEof());
        w.write(b("hel"));
        w.write(java.nio.ByteBuffer.wrap(b("xxlo\nxx"), 2, 3));
        assertEquals(6, w.getWriteBufferSize());
        w.writeEof();
        assertTrue(w.isClosing());
        w.write(b("dropped"));
        assertEquals(6, w.getWriteBufferSize());
        run(p.lost);
        assertEquals("hello\n", p.out(1));
        assertEquals("made", p.log.get(0));
        assertEquals("lost null", p.log.get(p.log.size() - 1));
        assertTrue(p.log.indexOf("data 1 hello") < p.log.indexOf("pipe_lost 1 null"), p.log.toString());
        assertTrue(p.log.indexOf("pipe_lost 0 null") < p.log.indexOf("exited 0"), p.log.toString());
        List<String> events = p.log.stream().filter(x -> !x.startsWith("data ")).toList();
        assertEquals(6, events.size(), p.log.toString());
        assertTrue(
                events.containsAll(List.of("pipe_lost 0 null", "pipe_lost 1 null", "pipe_lost 2 null", "exited 0")),
                p.log.toString());
        assertEquals(0, w.getWriteBufferSize());
        assertSame(e.transport().getExtraInfo("subprocess"), e.transport().getExtraInfo("subprocess"));
        assertInstanceOf(Process.class, e.transport().getExtraInfo("subprocess"));
        assertInstanceOf(java.io.OutputStream.class, w.getExtraInfo("pipe"));
        assertInstanceOf(
                java.io.InputStream.class, e.transport().getPipeTransport(1).getExtraInfo("pipe"));
        assertNull(w.getExtraInfo("nothing"));
    }

    /*
     * t, p = await loop.subprocess_exec(P, "sh", "-c", "sleep 0.3; cat >/dev/null", stdout=DEVNULL, stderr=DEVNULL)
     * w = t.get_pipe_transport(0); w.write(b"x" * 2**20)   # pause_writing, at once
     * w.write_eof()
     * # made, pause_writing, resume_writing, pipe_lost 0 None, exited 0, lost None
     */
    @Test
    void aLargeStdinWritePausesTheProtocolUntilTheChildHasReadIt() {
        Recorder p = new Recorder();
        long[] bufferedAtResume = {-1};
        Recorder q = new Recorder(p.log) {
            @Override
            public void resumeWriting() {
                super.resumeWriting();
                bufferedAtResume[0] = transport.getStdinTransport().getWriteBufferSize();
            }
        };
        SubprocessEndpoint<Recorder> e = exec(
                q,
                SubprocessOptions.PIPES.withStdout(Redirect.DEVNULL).withStderr(Redirect.DEVNULL),
                "sh",
                "-c",
                "read go; cat >/dev/null");
        WriteTransport w = e.transport().getStdinTransport();
        assertEquals(new WriteTransport.WriteBufferLimits(16 * 1024, 64 * 1024), w.getWriteBufferLimits());
        w.write(b("go\n"));
        w.write(new byte[1 << 20]);
        assertEquals(List.of("made", "pause_writing"), p.log);
        w.writeEof();
        run(q.lost);
        assertEquals(
                List.of("made", "pause_writing", "resume_writing", "pipe_lost 0 null", "exited 0", "lost null"), p.log);
        assertTrue(bufferedAtResume[0] >= 0 && bufferedAtResume[0] <= 16 * 1024, "resumed with " + bufferedAtResume[0]);
        assertThrows(IllegalArgumentException.class, () -> w.setWriteBufferLimits(1, 2));
    }

    /*
     * t, p = await loop.subprocess_shell(P, "echo out; echo err >&2", stdin=DEVNULL, stderr=STDOUT)
     * # pipes: [None, <read>, None]; data 1 b"out\nerr\n"
     * t, p = await loop.subprocess_shell(P, "echo out; exit 3", stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL)
     * # made, exited 3, lost None
     */
    @Test
    void stderrCanJoinStdoutAndDevnullPipesNothing() {
        Recorder merged = new Recorder();
        SubprocessEndpoint<Recorder> e = shell(
                merged,
                SubprocessOptions.PIPES.withStdin(Redirect.DEVNULL).withStderr(Redirect.STDOUT),
                "echo out; echo err >&2");
        assertNull(e.transport().getPipeTransport(0));
        assertNull(e.transport().getPipeTransport(2));
        assertNull(e.transport().getStderrTransport());
        assertInstanceOf(ReadTransport.class, e.transport().getPipeTransport(1));
        assertNull(e.transport().getPipeTransport(3));
        run(merged.lost);
        assertEquals("out\nerr\n", merged.out(1));

        Recorder silent = new Recorder();
        SubprocessOptions devnull =
                new SubprocessOptions(Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL, null, null);
        SubprocessEndpoint<Recorder> d = shell(silent, devnull, "echo out; echo err >&2; exit 3");
        run(silent.lost);
        assertEquals(List.of("made", "exited 3", "lost null"), silent.log);
        assertNull(d.transport().getPipeTransport(1));
    }

    @Test
    void streamsCanComeFromAndGoToFiles() throws IOException {
        Path dir = Files.createDirectory(scratch("dir"));
        try {
            Path in = Files.writeString(dir.resolve("in.txt"), "from a file\n");
            Path out = dir.resolve("out.txt");
            Path err = Files.writeString(dir.resolve("err.txt"), "kept\n");
            Recorder p = new Recorder();
            shell(
                    p,
                    new SubprocessOptions(
                            Redirect.file(in),
                            Redirect.file(out),
                            Redirect.appendTo(err),
                            dir,
                            java.util.Map.of("WHO", "env")),
                    "cat; echo \"$WHO\" >&2; pwd >&2");
            run(p.lost);
            assertEquals(List.of("made", "exited 0", "lost null"), p.log);
            assertEquals("from a file\n", Files.readString(out));
            assertEquals("kept\nenv\n" + dir.toRealPath() + "\n", Files.readString(err));
            assertThrows(
                    IllegalArgumentException.class, () -> SubprocessOptions.PIPES.withStdin(Redirect.appendTo(out)));
            assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.PIPES.withStdout(Redirect.STDOUT));
            assertEquals(Redirect.file(out), Redirect.file(out));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /*
     * (await loop.subprocess_shell(P, "exit 3"))[0].get_returncode() after connection_lost      # 3
     * (await loop.subprocess_shell(P, "no-such-command-jasyncio", stderr=DEVNULL))...           # 127
     * (await loop.subprocess_shell(P, "kill -TERM $$"))...                                      # -15
     * jasyncio gives 143 for the last: Java reports a death by signal N as 128 + N, and only a
     * signal this transport sent is turned into -N (see SubprocessTransport's class comment).
     */
    @Test
    void exitCodesAreReportedAsTheChildGivesThem() {
        SubprocessOptions devnull =
                new SubprocessOptions(Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL, null, null);
        assertEquals(3, returncode(devnull, "exit 3"));
        assertEquals(0, returncode(devnull, "true"));
        assertEquals(127, returncode(devnull, "no-such-command-jasyncio"));
        assertEquals(143, returncode(devnull, "kill -TERM $$"));
    }

    private int returncode(SubprocessOptions options, String cmd) {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = shell(p, options, cmd);
        run(p.lost);
        return e.transport().getReturncode();
    }

    /*
     * t, p = await loop.subprocess_exec(P, "sleep", "30"); t.close(); t.is_closing()   # True
     * # made, pipe_lost 0 None, pipe_lost 1 None, pipe_lost 2 None, exited -9, lost None
     */
    @Test
    void closeClosesThePipesAndKillsARunningChild() {
        Recorder p = new Recorder();
        SubprocessEndpoint<Recorder> e = exec(p, SubprocessOptions.PIPES, "sleep", "30");
        e.transport().close();
        assertTrue(e.transport().isClosing());
        assertTrue(e.transport().getPipeTransport(0).isClosing());
        assertTrue(e.transport().getPipeTransport(1).isClosing());
        e.transport().close();
        run(p.lost);
        assertEquals(
                List.of("made", "pipe_lost 0 null", "pipe_lost 1 null", "pipe_lost 2 null", "exited -9", "lost null"),
                p.log);
    }

    @Test
    void failuresToStartFailTheFuture() {
        Throwable missing = assertThrows(
                Throwable.class, () -> run(loop.subprocessExec(Recorder::new, "no-such-program-jasyncio", "arg")));
        assertInstanceOf(NoSuchFileException.class, missing);
        assertTrue(missing.getMessage().contains("EventLoop.subprocessExec"), missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-program-jasyncio"), missing.getMessage());
        IllegalStateException fromFactory = new IllegalStateException("factory");
        Throwable thrown = assertThrows(
                Throwable.class,
                () -> run(loop.subprocessShell(
                        () -> {
                            throw fromFactory;
                        },
                        "true")));
        assertSame(fromFactory, thrown);
        assertThrows(NullPointerException.class, () -> run(loop.subprocessShell(() -> null, "true")));
        assertThrows(
                IllegalArgumentException.class,
                () -> loop.subprocessExec(Recorder::new, List.of(), SubprocessOptions.PIPES));
        assertThrows(NullPointerException.class, () -> loop.subprocessExec(Recorder::new, "true", (String) null));
    }

    /*
     * task = asyncio.create_task(loop.subprocess_exec(P, "sleep", "30")); await asyncio.sleep(0)
     * task.cancel()   # asyncio closes the transport: the child is killed (-9)
     */
    @Test
    void cancellingTheCreationKillsTheChild() {
        Recorder p = new Recorder();
        Future<SubprocessEndpoint<Recorder>> f = loop.subprocessExec(() -> p, List.of("sleep", "30"), QUIET);
        f.cancel();
        run(p.lost);
        assertEquals(-9, p.transport.getReturncode());
        assertTrue(p.transport.isClosing());
    }
}
