package io.jasyncio;

import io.jasyncio.SubprocessOptions.Redirect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests of {@link EventLoop#subprocessExec} share: a protocol that logs every callback,
 * helpers that start a child and wait for the future, and the hygiene check that after each test
 * no pump or signal thread ({@code jasyncio-subprocess-...}) is left, beside
 * {@link SocketLoopTest}'s descriptor check.
 */
abstract class SubprocessLoopTest extends SocketLoopTest {
    @Override
    List<String> leftovers() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("jasyncio-subprocess-"))
                .toList();
    }

    @Override
    double watchdogSeconds() {
        return 30;
    }

    /** Logs every callback; {@code exited} and {@code lost} complete at those callbacks. */
    class Recorder implements SubprocessProtocol {
        final List<String> log;
        final Future<Void> exited = loop.createFuture();
        final Future<Void> lost = loop.createFuture();
        final ByteArrayOutputStream[] received = {null, new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        SubprocessTransport transport;

        Recorder() {
            this(new ArrayList<>());
        }

        Recorder(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(SubprocessTransport t) {
            transport = t;
            log.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            received[fd].writeBytes(data);
            log.add("data " + fd + " " + new String(data, StandardCharsets.UTF_8).trim());
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable exc) {
            log.add("pipe_lost " + fd + " " + exc);
        }

        @Override
        public void processExited() {
            log.add("exited " + transport.getReturncode());
            exited.setResult(null);
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("lost " + exc);
            lost.setResult(null);
        }

        @Override
        public void pauseWriting() {
            log.add("pause_writing");
        }

        @Override
        public void resumeWriting() {
            log.add("resume_writing");
        }

        String out(int fd) {
            return received[fd].toString(StandardCharsets.UTF_8);
        }
    }

    <P extends SubprocessProtocol> SubprocessEndpoint<P> exec(P protocol, SubprocessOptions options, String... args) {
        return run(loop.subprocessExec(() -> protocol, List.of(args), options));
    }

    <P extends SubprocessProtocol> SubprocessEndpoint<P> shell(P protocol, SubprocessOptions options, String cmd) {
        return run(loop.subprocessShell(() -> protocol, cmd, options));
    }

    /** stdout piped, stdin and stderr the null device. */
    static final SubprocessOptions QUIET =
            SubprocessOptions.PIPES.withStdin(Redirect.DEVNULL).withStderr(Redirect.DEVNULL);

    /** A fresh path in the temporary directory (not from createTempFile, whose SecureRandom opens descriptors). */
    static Path scratch(String name) {
        return Path.of(
                System.getProperty("java.io.tmpdir"),
                "jasyncio-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + name);
    }
}
