package io.jasyncio.internal.process;

import io.jasyncio.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * How {@link ProcessTransport#sendSignal(int)} reaches a child, Java having no {@code kill(2)}.
 *
 * <h2>Two routes</h2>
 * <ul>
 *   <li>{@code SIGKILL} (9) and {@code SIGTERM} (15) go through the JDK, at once, on the loop
 *       thread (a system call): {@link ProcessHandle#destroyForcibly()} and
 *       {@link ProcessHandle#destroy()} of the child's handle, which check that the pid still
 *       belongs to a process started when the child was. Not {@link Process#destroy()}: it also
 *       closes the child's pipes, which would throw away output still in them (a paused stdout,
 *       a grandchild's), make the pumps fail, and could block the loop thread on a stdin pump
 *       stuck writing to a child that does not read.</li>
 *   <li>Any other signal goes through the shell's {@code kill} builtin, run as a helper child
 *       ({@code /bin/sh -c 'read go && kill -s N PID'}). Starting it is a fork and exec, so it
 *       runs on a short-lived daemon thread ({@code jasyncio-subprocess-<pid>-signal}), never on
 *       the loop thread, and the caller gets a future that completes when the signal has been
 *       sent.</li>
 * </ul>
 * Signals of one child are sent in the order they were asked for: while one waits for its
 * helper, later ones (9 and 15 too) queue behind it.
 *
 * <h2>What is guaranteed about the pid</h2>
 * A pid names our child only until the JDK's reaper thread has collected the child's exit
 * status; after that the kernel may give the number to a new process. The helper is started
 * first and waits for a line on its stdin; only then is the child checked, and, if it is still
 * ours, the line written, so the shell's {@code kill(2)} runs microseconds after the check. The
 * check is {@link Process#isAlive()} (false as soon as the JDK has recorded the exit) and
 * {@link ProcessHandle#isAlive()} of the child's handle (false once no process with that pid
 * and the child's start time exists, so false for a stranger that reused the pid). If the check
 * fails, the helper gets end of file and sends nothing. What remains is a window of
 * microseconds between the check and the helper's {@code kill(2)}: a stranger would get the
 * signal only if, inside it, the child were collected and the kernel handed its pid to a new
 * process, which takes a wrap-around of the whole pid space (at least 32,768 process creations).
 * A child that has exited but is not yet collected is a zombie, whose pid cannot be reused, and
 * signalling it does nothing.
 */
final class SubprocessSignals {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    private static final String SHELL = "/bin/sh";

    private final ProcessTransport owner;
    /** Signals asked for and not yet sent, the head being sent now; loop thread only. */
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();

    SubprocessSignals(ProcessTransport owner) {
        this.owner = owner;
    }

    /**
     * Throws unless this platform can send {@code sig}.
     *
     * @throws UnsupportedOperationException on Windows for anything but 9 and 15, or where
     *     {@code /bin/sh} cannot be run
     */
    static void check(String method, int sig) {
        if (sig == 9 || sig == 15) {
            return;
        }
        if (WINDOWS) {
            throw new UnsupportedOperationException(method + ": signal " + sig + " cannot be sent on Windows, "
                    + "where only SIGTERM (15) and SIGKILL (9) exist for a child (asyncio: ValueError "
                    + "\"Unsupported signal\")");
        }
        if (!Files.isExecutable(Path.of(SHELL))) {
            throw new UnsupportedOperationException(method + ": signal " + sig + " needs the kill builtin of " + SHELL
                    + ", which cannot be run here; only SIGTERM (15) and SIGKILL (9) can be sent");
        }
    }

    /** Sends {@code sig} or queues it; on the loop thread. */
    Future<Void> send(int sig) {
        Future<Void> done = owner.loop.createFuture();
        if (pending.isEmpty() && (sig == 9 || sig == 15)) {
            destroy(owner.process, sig);
            done.setResult(null);
            return done;
        }
        pending.add(new Object[] {sig, done});
        if (pending.size() == 1) {
            startHelper(sig);
        }
        return done;
    }

    private void startHelper(int sig) {
        Process child = owner.process;
        Thread t = new Thread(
                () -> {
                    Throwable error = null;
                    try {
                        deliver(child, sig);
                    } catch (Throwable e) {
                        error = e;
                    }
                    Throwable failure = error;
                    try {
                        owner.loop.callSoonThreadsafe(() -> sent(failure));
                    } catch (IllegalStateException loopClosed) {
                        // Nobody is waiting for the answer any more.
                    }
                },
                "jasyncio-subprocess-" + child.pid() + "-signal");
        t.setDaemon(true);
        t.start();
    }

    @SuppressWarnings("unchecked")
    private void sent(Throwable error) {
        Future<Void> done = (Future<Void>) pending.poll()[1];
        if (error == null) {
            done.setResult(null);
        } else {
            done.setException(error);
        }
        if (!pending.isEmpty()) {
            startHelper((Integer) pending.peek()[0]);
        }
    }

    private static void destroy(Process child, int sig) {
        ProcessHandle handle = child.toHandle();
        if (sig == 9) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
    }

    /** On the helper thread: sends {@code sig} to {@code child} unless it has exited. */
    private static void deliver(Process child, int sig) throws IOException, InterruptedException {
        if (sig == 9 || sig == 15) {
            destroy(child, sig); // queued behind another signal: same route, same order
            return;
        }
        Process helper = new ProcessBuilder(
                        SHELL,
                        "-c",
                        "read go && kill -s \"$1\" \"$2\"",
                        "sh",
                        Integer.toString(sig),
                        Long.toString(child.pid()))
                .redirectErrorStream(true)
                .start();
        byte[] said;
        try {
            try (OutputStream go = helper.getOutputStream()) {
                if (child.isAlive() && child.toHandle().isAlive()) { // else the pid may not be ours
                    go.write('\n');
                }
            } catch (IOException helperDied) {
                // Reported below through its status and output.
            }
            try (InputStream in = helper.getInputStream()) {
                said = in.readAllBytes();
            }
        } finally {
            helper.getErrorStream().close();
        }
        int status = helper.waitFor();
        // A failure for a child that exited meanwhile is the race asyncio's send_signal also
        // ignores (ProcessLookupError).
        if (status != 0 && child.isAlive()) {
            throw new IOException("SubprocessTransport.sendSignal: kill -s " + sig + " " + child.pid()
                    + " failed with status " + status + ": " + new String(said, Charset.defaultCharset()).trim());
        }
    }
}
