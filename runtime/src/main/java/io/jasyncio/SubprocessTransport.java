package io.jasyncio;

import java.io.IOException;
import java.util.Objects;

/**
 * A running child process seen from the loop: its pipes (one {@link PipeTransport} for each
 * piped standard stream), its exit, its signals; every event goes to its
 * {@link SubprocessProtocol}, each as a callback of its own on the loop, in the order that
 * interface describes. Made by {@link EventLoop#subprocessExec} and
 * {@link EventLoop#subprocessShell}.
 *
 * <h2>How events reach the loop</h2>
 * Each pipe has a pump thread (see {@link PipeTransport}); the exit comes from
 * {@link Process#onExit()}, on a JDK thread. Both hand their events to the loop with
 * {@link EventLoop#callSoonThreadsafe}, and this transport turns each into a protocol callback
 * with {@link EventLoop#callSoon}, as asyncio's {@code BaseSubprocessTransport._call} does.
 * {@code connectionMade} is queued first, when the transport is made, so every other callback
 * comes after it. {@code connectionLost} is queued once the child has exited and every pipe is
 * lost, whichever comes last.
 *
 * <h2>Return codes</h2>
 * {@link #getReturncode()} is null until the loop learns of the exit, then the exit status.
 * asyncio reports a death by signal N as -N. Java's {@link Process} reports it as 128 + N, the
 * number a normal {@code exit(128 + N)} also gives, so the two cannot be told apart in general:
 * jasyncio reports -N when the status is 128 + N and this transport sent signal N to the child
 * ({@link #sendSignal}, {@link #kill()}, {@link #terminate()}, {@link #close()}), and the status
 * as Java gives it otherwise (a child that kills itself with {@code SIGTERM} gives 143, not -15).
 *
 * <h2>Closing</h2>
 * {@link #close()} closes the pipes and kills the child if it still runs. Without it nothing
 * leaks: once the child has exited and its pipes have ended, no thread or descriptor remains. A
 * loop closed while the child runs does not kill it (asyncio kills it when it collects the
 * transport); the pumps stop within a second and close their ends of the pipes.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.SubprocessTransport} as {@code BaseSubprocessTransport}
 *     implements it.
 */
public final class SubprocessTransport {
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

    SubprocessTransport(
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

    /**
     * The child's process id.
     *
     * @return the pid
     * @apiNote Mirrors {@code SubprocessTransport.get_pid()}.
     */
    public long getPid() {
        return process.pid();
    }

    /**
     * The child's exit status, once the loop has learnt of its exit.
     *
     * @return null while it runs; its exit status; or -N after a death by a signal N this
     *     transport sent (see the class comment)
     * @apiNote Mirrors {@code SubprocessTransport.get_returncode()}.
     */
    public Integer getReturncode() {
        return returncode;
    }

    /**
     * The transport of a piped standard stream.
     *
     * @param fd 0 (stdin), 1 (stdout) or 2 (stderr)
     * @return a {@link WritePipeTransport} for 0, a {@link ReadPipeTransport} for 1 and 2, or
     *     null if that stream is not {@link SubprocessOptions.Redirect#PIPE} (or {@code fd} is
     *     none of these)
     * @apiNote Mirrors {@code SubprocessTransport.get_pipe_transport(fd)}.
     */
    public PipeTransport getPipeTransport(int fd) {
        return fd >= 0 && fd < 3 ? pipes[fd] : null;
    }

    /**
     * {@code getPipeTransport(0)}, typed.
     *
     * @return the stdin pipe, or null if stdin is not piped
     * @apiNote {@code get_pipe_transport(0)} in asyncio.
     */
    public WritePipeTransport getStdinTransport() {
        return (WritePipeTransport) pipes[0];
    }

    /**
     * {@code getPipeTransport(1)}, typed.
     *
     * @return the stdout pipe, or null if stdout is not piped
     * @apiNote {@code get_pipe_transport(1)} in asyncio.
     */
    public ReadPipeTransport getStdoutTransport() {
        return (ReadPipeTransport) pipes[1];
    }

    /**
     * {@code getPipeTransport(2)}, typed.
     *
     * @return the stderr pipe, or null if stderr is not piped (merged into stdout included)
     * @apiNote {@code get_pipe_transport(2)} in asyncio.
     */
    public ReadPipeTransport getStderrTransport() {
        return (ReadPipeTransport) pipes[2];
    }

    /**
     * Sends signal {@code sig} to the child, on POSIX systems any signal.
     * {@code SIGKILL} (9) and {@code SIGTERM} (15) go at once through the child's
     * {@link ProcessHandle} ({@link ProcessHandle#destroyForcibly()},
     * {@link ProcessHandle#destroy()}; the pipes stay open, as in asyncio); any other goes
     * through the shell's {@code kill} builtin on a helper thread, never blocking the loop, and
     * is sent when the returned future completes. Signals are sent in the order asked for.
     * Nothing is sent to a child that has exited, even if its exit has not reached the loop yet,
     * nor to another process that reused its pid (checked against the child's start time a few
     * microseconds before the signal goes; see {@code SubprocessSignals} in the sources). Signal numbers are the platform's
     * ({@code kill -l} lists them): {@code SIGUSR1} is 10 on Linux, 30 on macOS.
     *
     * @param sig the signal number, 0 (check only) to 64
     * @return a future of this loop, done once the signal was sent or found needless; it fails
     *     with an {@link IOException} if {@code kill} refused it (a signal number the platform
     *     does not have)
     * @throws IllegalArgumentException if {@code sig} is negative or above 64
     * @throws UnsupportedOperationException for a signal other than 9 and 15 on Windows, or where
     *     {@code /bin/sh} cannot be run
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.send_signal(signal)}, which returns nothing and
     *     raises {@code ProcessLookupError} where this throws {@link IllegalStateException}.
     */
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

    /**
     * Sends {@code SIGTERM} (15), asking the child to end; if it does, the return code is -15.
     *
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.terminate()}.
     */
    public void terminate() {
        checkNotGone("terminate");
        signal(15);
    }

    /**
     * Sends {@code SIGKILL} (9), ending the child at once; the return code is -9.
     *
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.kill()}.
     */
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

    /**
     * Closes every pipe ({@link PipeTransport#close()}) and kills the child ({@code SIGKILL}) if
     * it still runs. The protocol then hears each {@code pipeConnectionLost},
     * {@code processExited} and {@code connectionLost} as usual. Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()} of asyncio's subprocess transport.
     */
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

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true after {@code close()}
     * @apiNote Mirrors {@code BaseTransport.is_closing()}.
     */
    public boolean isClosing() {
        return closed;
    }

    /**
     * The protocol this transport calls back.
     *
     * @return the protocol
     * @apiNote Mirrors {@code BaseTransport.get_protocol()}.
     */
    public SubprocessProtocol getProtocol() {
        return protocol;
    }

    /**
     * Transport information by name: {@code "subprocess"}, the {@link Process}. Do not use its
     * streams: the pumps own them.
     *
     * @param name the key
     * @return the value, or null if unknown
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name, default=None)}, whose
     *     {@code "subprocess"} is the {@code subprocess.Popen}.
     */
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
