package io.jasyncio.internal.process;

import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SubprocessProtocol;
import io.jasyncio.SubprocessTransport;
import io.jasyncio.TimerHandle;
import java.util.Objects;

/**
 * The {@link SubprocessTransport} of a child started with a {@link ProcessBuilder}: one
 * {@link PipeTransport} for each piped standard stream, its exit, its signals.
 *
 * <h2>How events reach the loop</h2>
 * Each pipe has a pump thread (see {@link PipeTransport}); the exit comes from
 * {@link Process#onExit()}, on a JDK thread. Both hand their events to the loop with
 * {@link EventLoop#callSoonThreadsafe}, and this transport turns each into a protocol callback
 * with {@link EventLoop#callSoon}, as asyncio's {@code BaseSubprocessTransport._call} does.
 * {@code connectionMade} is queued first, when the transport is made, so every other callback
 * comes after it. {@code connectionLost} is queued once the child has exited and every pipe is
 * lost, whichever comes last. A loop closed while the child runs does not kill it; the pumps
 * stop within a second and close their ends of the pipes.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors asyncio's {@code BaseSubprocessTransport}.
 */
final class ProcessTransport implements SubprocessTransport {
    final EventLoop loop;
    final Process process;
    private final SubprocessProtocol protocol;
    private final String program;
    private final PipeTransport[] pipes = new PipeTransport[3];
    private final SubprocessSignals signals = new SubprocessSignals(this);
    // Loop thread only:
    private Integer returncode;
    /** The exit status as the loop first learnt it, before {@link #finishExit} records it. */
    private Integer exitCode;

    private TimerHandle exitDeadline;
    private boolean closed;
    /** {@code connectionLost} is queued. */
    private boolean finished;
    /** {@code connectionLost} has run: the process is no longer ours to signal. */
    private boolean gone;
    /** Bit N - 1 is set once signal N (1 to 64) was sent, for the -N return code. */
    private long signalsSent;

    ProcessTransport(
            EventLoop loop,
            Process process,
            SubprocessProtocol protocol,
            String program,
            boolean stdin,
            boolean stdout,
            boolean stderr) {
        this.loop = loop;
        this.process = process;
        this.protocol = protocol;
        // Virtual time waits for the child's output and exit (VirtualClock's autojump threshold).
        loop.realWorkStarted();
        this.program = program;
        call("connectionMade", 0, null, () -> protocol.connectionMade(this));
        String prefix = "jasyncio-subprocess-" + process.pid() + "-";
        if (stdin) {
            pipes[0] = new WritePipeTransport(this, process.getOutputStream(), prefix + "stdin");
        }
        if (stdout) {
            pipes[1] = new ReadPipeTransport(this, 1, process.getInputStream(), prefix + "stdout");
        }
        if (stderr) {
            pipes[2] = new ReadPipeTransport(this, 2, process.getErrorStream(), prefix + "stderr");
        }
        for (PipeTransport p : pipes) {
            if (p != null) {
                p.startPump();
            }
        }
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(this::exited);
            } catch (IllegalStateException loopClosed) {
                // Nobody is left to tell; the stdin pump must still end.
                if (pipes[0] != null) {
                    ((WritePipeTransport) pipes[0]).closeFromAnyThread();
                }
            }
        });
    }

    // ---- events, on the loop thread

    /** Queues a protocol callback, named for the exception handler's message. */
    private void call(String method, int fd, Object arg, Runnable body) {
        loop.callSoon(new Call(method, fd, arg, body));
    }

    void dataReceived(ReadPipeTransport pipe, byte[] chunk) {
        int fd = pipe.fd;
        call("pipeDataReceived", fd, chunk, () -> {
            try {
                protocol.pipeDataReceived(fd, chunk);
            } finally {
                pipe.consumed();
            }
        });
    }

    void pipeLost(int fd, Throwable exc) {
        call("pipeConnectionLost", fd, exc, () -> protocol.pipeConnectionLost(fd, exc));
        tryFinish();
    }

    private void exited() {
        int code = process.exitValue();
        int sig = code - 128;
        if (sig > 0 && sig <= 64 && (signalsSent & (1L << (sig - 1))) != 0) {
            code = -sig;
        }
        exitCode = code;
        finishExit(false);
    }

    /**
     * Records the exit and queues {@code processExited}, after ending the stdin pipe: asyncio
     * sees that pipe's reading end close as the child dies, just before it hears of the exit.
     * If the stdin pump is inside a write (which may have just succeeded, or will fail), the
     * exit waits for the pump's report ({@link #stdinSettled()}), at most 100 ms.
     */
    private void finishExit(boolean force) {
        if (exitCode == null || returncode != null) {
            return;
        }
        if (pipes[0] != null && !((WritePipeTransport) pipes[0]).childExited(force)) {
            if (exitDeadline == null) {
                exitDeadline = loop.callLater(0.1, () -> finishExit(true));
            }
            return;
        }
        if (exitDeadline != null) {
            exitDeadline.cancel();
        }
        // Set after the stdin pipe's loss, so that loss cannot queue connectionLost first.
        returncode = exitCode;
        call("processExited", 0, null, protocol::processExited);
        tryFinish();
    }

    /** The stdin pump reported a write or its end: an exit waiting for it may go on. */
    void stdinSettled() {
        finishExit(false);
    }

    private void tryFinish() {
        if (finished || returncode == null) {
            return;
        }
        for (PipeTransport p : pipes) {
            if (p != null && !p.disconnected) {
                return;
            }
        }
        finished = true;
        loop.realWorkFinished();
        call("connectionLost", 0, null, () -> {
            try {
                protocol.connectionLost(null);
            } finally {
                gone = true;
            }
        });
    }

    void pauseWriting() {
        try {
            protocol.pauseWriting();
        } catch (RuntimeException | Error e) {
            loop.callExceptionHandler(ErrorContext.of("SubprocessProtocol.pauseWriting() failed", e));
        }
    }

    void resumeWriting() {
        try {
            protocol.resumeWriting();
        } catch (RuntimeException | Error e) {
            loop.callExceptionHandler(ErrorContext.of("SubprocessProtocol.resumeWriting() failed", e));
        }
    }

    // ---- the public API

    @Override
    public long getPid() {
        return process.pid();
    }

    @Override
    public Integer getReturncode() {
        return returncode;
    }

    @Override
    public PipeTransport getPipeTransport(int fd) {
        return fd >= 0 && fd < 3 ? pipes[fd] : null;
    }

    @Override
    public WritePipeTransport getStdinTransport() {
        return (WritePipeTransport) pipes[0];
    }

    @Override
    public ReadPipeTransport getStdoutTransport() {
        return (ReadPipeTransport) pipes[1];
    }

    @Override
    public ReadPipeTransport getStderrTransport() {
        return (ReadPipeTransport) pipes[2];
    }

    @Override
    public Future<Void> sendSignal(int sig) {
        if (sig < 0 || sig > 64) {
            throw new IllegalArgumentException("SubprocessTransport.sendSignal: no signal " + sig);
        }
        checkNotGone("sendSignal");
        SubprocessSignals.check("SubprocessTransport.sendSignal", sig);
        return signal(sig);
    }

    private Future<Void> signal(int sig) {
        if (returncode != null) {
            Future<Void> done = loop.createFuture();
            done.setResult(null); // as Popen.send_signal, which skips a child known to be dead
            return done;
        }
        if (sig > 0) {
            signalsSent |= 1L << (sig - 1);
        }
        return signals.send(sig);
    }

    @Override
    public void terminate() {
        checkNotGone("terminate");
        signal(15);
    }

    @Override
    public void kill() {
        checkNotGone("kill");
        signal(9);
    }

    private void checkNotGone(String method) {
        if (gone) {
            throw new IllegalStateException("SubprocessTransport." + method + ": the child " + process.pid()
                    + " has exited and its transport is finished (asyncio: ProcessLookupError)");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PipeTransport p : pipes) {
            if (p != null) {
                p.close();
            }
        }
        if (returncode == null && process.isAlive()) {
            signal(9);
        }
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    @Override
    public SubprocessProtocol getProtocol() {
        return protocol;
    }

    @Override
    public Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        return "subprocess".equals(name) ? process : null;
    }

    @Override
    public String toString() {
        return "<SubprocessTransport " + program + (closed ? " closed" : "") + " pid=" + process.pid()
                + (returncode == null ? " running" : " returncode=" + returncode) + ">";
    }

    /** A queued protocol callback; its name is what the exception handler's message shows. */
    private static final class Call implements Runnable {
        private final String method;
        private final int fd;
        private final Object arg;
        private final Runnable body;

        Call(String method, int fd, Object arg, Runnable body) {
            this.method = method;
            this.fd = fd;
            this.arg = arg;
            this.body = body;
        }

        @Override
        public void run() {
            body.run();
        }

        @Override
        public String toString() {
            String args;
            if (method.equals("pipeDataReceived")) {
                args = fd + ", " + ((byte[]) arg).length + " bytes";
            } else if (method.equals("pipeConnectionLost")) {
                args = fd + ", " + arg;
            } else if (method.equals("connectionMade")) {
                args = "transport";
            } else if (method.equals("connectionLost")) {
                args = "null";
            } else {
                args = "";
            }
            return "SubprocessProtocol." + method + "(" + args + ")";
        }
    }
}
