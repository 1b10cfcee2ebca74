package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A child process driven from a coroutine: its pipes are streams on the loop, its exit is a
 * coroutine to await.
 *
 * <pre>{@code
 * Subprocess p = await(Subprocess.createSubprocessExec(Subprocess.Options.pipes(), "sort"));
 * Subprocess.Communicated out = await(p.communicate("b\na\n".getBytes()));
 * // out.stdout() is "a\nb\n", p.returncode() is 0
 * }</pre>
 *
 * <h2>How the pipes reach the loop, and why threads</h2>
 * asyncio puts a child's pipes on its selector. The JDK cannot: {@link java.lang.Process} gives
 * its pipes as blocking {@link java.io.InputStream}s and {@link java.io.OutputStream}s, not
 * {@link java.nio.channels.SelectableChannel}s, and offers no way to get at their file
 * descriptors. So each piped stream has one daemon thread (a pump, named
 * {@code jasyncio-subprocess-<pid>-stdout} and so on) doing the blocking calls, and the pump and
 * the loop exchange chunks with {@link EventLoop#callSoonThreadsafe}; everything the coroutines
 * see (the {@link StreamReader}s, the {@link StreamWriter}, {@link #returncode()}) changes on
 * the loop thread only. Back-pressure holds: a stdout pump reads again only after the loop
 * consumed its last chunk and the reader is under its limit, so a child writing faster than the
 * coroutine reads blocks on its own full pipe, and this process holds at most about twice the
 * reader's limit per pipe. The exit comes from {@link java.lang.Process#onExit()}, also handed
 * to the loop with {@code callSoonThreadsafe}. A pump ends at end of stream; when the child
 * exits, its stdin pipe is closed so that pump ends too. A pump reading a pipe that a
 * grandchild still holds open ends only when that grandchild closes it (as asyncio's pipe
 * transports stay open).
 *
 * <h2>When the loop closes first</h2>
 * Pumps notice within a second that their loop is closed, stop, and close their ends of the
 * pipes, so a child still writing gets {@code SIGPIPE}. jasyncio does not kill a child when the
 * loop closes (asyncio does, when it collects the transport, with a warning): kill or wait for
 * your children before the loop ends.
 *
 * <h2>Return codes</h2>
 * {@link #returncode()} is null while the child runs, then its exit status. asyncio reports a
 * death by signal N as -N; Java's {@code Process} reports it as 128 + N, the same number a
 * normal {@code exit(128 + N)} gives, so the two cannot be told apart in general. jasyncio
 * reports -N when it sent signal N itself ({@link #kill()}, {@link #terminate()},
 * {@link #sendSignal(int)}) and the status is 128 + N, and the status as Java gives it
 * otherwise.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.subprocess.Process}. Named {@code Subprocess} so as not to
 *     clash with {@link java.lang.Process}.
 */
public final class Subprocess {

    /**
     * Where a standard stream of the child goes.
     *
     * @apiNote Mirrors {@code asyncio.subprocess.PIPE}, {@code DEVNULL}, {@code None} (inherit)
     *     and {@code STDOUT}.
     */
    public enum Redirect {
        /** A pipe to this process, exposed as a stream ({@link #stdin()}, {@link #stdout()}, {@link #stderr()}). */
        PIPE,
        /** The null device: the child reads end of file, its output is discarded. */
        DEVNULL,
        /** The stream of this process, shared with the child. */
        INHERIT,
        /** For stderr only: the same pipe or file as stdout. */
        STDOUT
    }

    /**
     * How to start the child.
     *
     * @param stdin where the child's standard input comes from
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes ({@link Redirect#STDOUT} merges it into stdout)
     * @param cwd the working directory, or null for this process's
     * @param env the whole environment of the child, or null to inherit this process's
     * @param limit the buffer limit of the {@link StreamReader}s
     * @apiNote Mirrors the {@code stdin}, {@code stdout}, {@code stderr}, {@code cwd},
     *     {@code env} and {@code limit} arguments of {@code asyncio.create_subprocess_exec}.
     */
    public record Options(Redirect stdin, Redirect stdout, Redirect stderr, Path cwd, Map<String, String> env,
            int limit) {

        /** Every stream inherited, as asyncio's defaults ({@code None}). */
        public static final Options DEFAULTS = new Options(Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT,
                null, null, StreamReader.DEFAULT_LIMIT);

        /**
         * Checks the options.
         *
         * @param stdin where the child's standard input comes from
         * @param stdout where its standard output goes
         * @param stderr where its standard error goes
         * @param cwd the working directory, or null
         * @param env the child's whole environment, or null to inherit
         * @param limit the buffer limit of the readers
         * @throws NullPointerException if a redirect is null
         * @throws IllegalArgumentException if stdin or stdout is {@link Redirect#STDOUT}, or
         *     {@code limit} is not positive
         */
        public Options {
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
            if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
                throw new IllegalArgumentException("Subprocess.Options: STDOUT is only valid for stderr");
            }
            if (limit <= 0) {
                throw new IllegalArgumentException("Subprocess.Options: limit must be positive, not " + limit);
            }
            env = env == null ? null : Map.copyOf(env);
        }

        /**
         * All three streams piped.
         *
         * @return the options
         */
        public static Options pipes() {
            return new Options(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, null, null, StreamReader.DEFAULT_LIMIT);
        }

        /**
         * A copy with another stdin.
         *
         * @param r the redirect
         * @return the new options
         */
        public Options withStdin(Redirect r) {
            return new Options(r, stdout, stderr, cwd, env, limit);
        }

        /**
         * A copy with another stdout.
         *
         * @param r the redirect
         * @return the new options
         */
        public Options withStdout(Redirect r) {
            return new Options(stdin, r, stderr, cwd, env, limit);
        }

        /**
         * A copy with another stderr.
         *
         * @param r the redirect
         * @return the new options
         */
        public Options withStderr(Redirect r) {
            return new Options(stdin, stdout, r, cwd, env, limit);
        }

        /**
         * A copy with another working directory.
         *
         * @param dir the directory, or null for this process's
         * @return the new options
         */
        public Options withCwd(Path dir) {
            return new Options(stdin, stdout, stderr, dir, env, limit);
        }

        /**
         * A copy with another environment.
         *
         * @param environment the child's whole environment, or null to inherit
         * @return the new options
         */
        public Options withEnv(Map<String, String> environment) {
            return new Options(stdin, stdout, stderr, cwd, environment, limit);
        }

        /**
         * A copy with another reader limit.
         *
         * @param bytes the limit
         * @return the new options
         */
        public Options withLimit(int bytes) {
            return new Options(stdin, stdout, stderr, cwd, env, bytes);
        }
    }

    /**
     * What {@link #communicate} collected.
     *
     * @param stdout everything the child wrote to stdout, or null if stdout was not piped
     * @param stderr everything it wrote to stderr, or null if stderr was not piped
     * @apiNote Mirrors the {@code (stdout_data, stderr_data)} tuple of
     *     {@code Process.communicate()}.
     */
    public record Communicated(byte[] stdout, byte[] stderr) {
    }

    private final EventLoop loop;
    private final java.lang.Process process;
    private final String program;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final PipeWriteTransport stdinPipe;
    private final List<Future<Integer>> waiters = new ArrayList<>();
    private Integer returncode;
    private int signalSent;

    private Subprocess(EventLoop loop, java.lang.Process process, String program, Options options) {
        this.loop = loop;
        this.process = process;
        this.program = program;
        String prefix = "jasyncio-subprocess-" + process.pid() + "-";
        if (options.stdin() == Redirect.PIPE) {
            stdinPipe = new PipeWriteTransport(loop, process.getOutputStream(), prefix + "stdin");
            stdin = new StreamWriter(stdinPipe);
        } else {
            stdinPipe = null;
            stdin = null;
        }
        stdout = options.stdout() == Redirect.PIPE
                ? new PipeReadTransport(loop, process.getInputStream(), options.limit(), prefix + "stdout").reader()
                : null;
        stderr = options.stderr() == Redirect.PIPE
                ? new PipeReadTransport(loop, process.getErrorStream(), options.limit(), prefix + "stderr").reader()
                : null;
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(this::exited);
            } catch (IllegalStateException loopClosed) {
                // Nobody is left to tell; the stdin pump still ends when its pipe is closed.
                if (stdinPipe != null) {
                    stdinPipe.closeFromAnyThread();
                }
            }
        });
    }

    // ---- creation

    /**
     * A coroutine that starts {@code program} with {@code args}, every stream inherited.
     *
     * @param program the program: a path, or a name looked up on {@code PATH}
     * @param args its arguments
     * @return a coroutine whose result is the running child; it throws
     *     {@link NoSuchFileException} naming the program if it does not exist,
     *     {@link AccessDeniedException} if it may not be run, or the {@link IOException} of
     *     another failure to start
     * @throws NullPointerException if {@code program} or an argument is null
     * @apiNote Mirrors {@code asyncio.create_subprocess_exec(program, *args)}.
     */
    public static Coroutine<Subprocess> createSubprocessExec(String program, String... args) {
        return createSubprocessExec(Options.DEFAULTS, program, args);
    }

    /**
     * A coroutine that starts {@code program} with {@code args}. The child is started (a
     * fork and exec, as asyncio does on its loop thread) when the coroutine runs.
     *
     * @param options the redirects, working directory, environment and reader limit
     * @param program the program: a path, or a name looked up on {@code PATH}
     * @param args its arguments
     * @return a coroutine whose result is the running child; it throws
     *     {@link NoSuchFileException} naming the program if it does not exist,
     *     {@link AccessDeniedException} if it may not be run, or the {@link IOException} of
     *     another failure to start
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code asyncio.create_subprocess_exec(program, *args, stdin=...,
     *     stdout=..., stderr=..., cwd=..., env=..., limit=...)}; asyncio raises
     *     {@code FileNotFoundError} for a missing program.
     */
    public static Coroutine<Subprocess> createSubprocessExec(Options options, String program, String... args) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(program, "program");
        List<String> command = new ArrayList<>(1 + args.length);
        command.add(program);
        for (String a : args) {
            command.add(Objects.requireNonNull(a, "an argument is null"));
        }
        return start("Subprocess.createSubprocessExec", options, program, command);
    }

    /**
     * A coroutine that runs {@code cmd} through the shell ({@code /bin/sh -c}; {@code cmd.exe /c}
     * on Windows), every stream inherited.
     *
     * @param cmd the command line; the shell interprets it, so quote what comes from users
     * @return a coroutine whose result is the running shell
     * @throws NullPointerException if {@code cmd} is null
     * @apiNote Mirrors {@code asyncio.create_subprocess_shell(cmd)}.
     */
    public static Coroutine<Subprocess> createSubprocessShell(String cmd) {
        return createSubprocessShell(Options.DEFAULTS, cmd);
    }

    /**
     * A coroutine that runs {@code cmd} through the shell ({@code /bin/sh -c}; {@code cmd.exe /c}
     * on Windows). A command the shell cannot find makes the shell exit with 127, as in asyncio.
     *
     * @param options the redirects, working directory, environment and reader limit
     * @param cmd the command line; the shell interprets it, so quote what comes from users
     * @return a coroutine whose result is the running shell; it throws the {@link IOException}
     *     of a failure to start the shell
     * @throws NullPointerException if an argument is null
     * @apiNote Mirrors {@code asyncio.create_subprocess_shell(cmd, stdin=..., stdout=...,
     *     stderr=..., cwd=..., env=..., limit=...)}.
     */
    public static Coroutine<Subprocess> createSubprocessShell(Options options, String cmd) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(cmd, "cmd");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        List<String> command = windows ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
        return start("Subprocess.createSubprocessShell", options, command.get(0), command);
    }

    private static Coroutine<Subprocess> start(String what, Options options, String program, List<String> command) {
        return new Waiting<>(what, (v, e) -> {
            if (e != null) {
                throw e;
            }
            EventLoop loop = Asyncio.getRunningLoop();
            ProcessBuilder pb = new ProcessBuilder(command);
            if (options.cwd() != null) {
                pb.directory(options.cwd().toFile());
            }
            if (options.env() != null) {
                pb.environment().clear();
                pb.environment().putAll(options.env());
            }
            pb.redirectInput(redirect(options.stdin(), true));
            pb.redirectOutput(redirect(options.stdout(), false));
            if (options.stderr() == Redirect.STDOUT) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(redirect(options.stderr(), false));
            }
            java.lang.Process p;
            try {
                p = pb.start();
            } catch (IOException failed) {
                throw explain(what, program, failed);
            }
            return new Subprocess(loop, p, program, options);
        });
    }

    private static ProcessBuilder.Redirect redirect(Redirect r, boolean input) {
        switch (r) {
            case PIPE:
                return ProcessBuilder.Redirect.PIPE;
            case INHERIT:
                return ProcessBuilder.Redirect.INHERIT;
            case DEVNULL:
                return input ? ProcessBuilder.Redirect.from(new File(nullDevice()))
                        : ProcessBuilder.Redirect.DISCARD;
            default:
                throw new AssertionError(r);
        }
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    }

    /**
     * The JDK's "Cannot run program ...", whose errno it words differently from release to
     * release ({@code error=2,} up to JDK 21, {@code error: 2 (} since), as the exception a
     * Python user expects.
     */
    private static final java.util.regex.Pattern ERRNO = java.util.regex.Pattern.compile("error(?:=|: )(\\d+)");

    private static IOException explain(String what, String program, IOException failed) {
        java.util.regex.Matcher m = ERRNO.matcher(String.valueOf(failed.getMessage()));
        int errno = m.find() ? Integer.parseInt(m.group(1)) : -1;
        IOException e;
        if (errno == 2) {
            e = new NoSuchFileException(program, null, what + ": no such program: " + program
                    + " (asyncio: FileNotFoundError)");
        } else if (errno == 13) {
            e = new AccessDeniedException(program, null, what + ": permission denied: " + program
                    + " (asyncio: PermissionError)");
        } else {
            return failed;
        }
        e.initCause(failed);
        return e;
    }

    // ---- the running child

    /**
     * The child's process id.
     *
     * @return the pid
     * @apiNote Mirrors {@code Process.pid}.
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The child's exit status, once the loop has seen it exit.
     *
     * @return null while running; the exit code; or -N after a death by signal N that this
     *     object sent (see the class comment)
     * @apiNote Mirrors {@code Process.returncode}.
     */
    public Integer returncode() {
        return returncode;
    }

    /**
     * The writer of the child's stdin: {@link StreamWriter#write}, {@link StreamWriter#drain()},
     * and {@link StreamWriter#close()} to let the child read end of file.
     *
     * @return the writer, or null unless stdin is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stdin}.
     */
    public StreamWriter stdin() {
        return stdin;
    }

    /**
     * The reader of the child's stdout.
     *
     * @return the reader, or null unless stdout is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stdout}.
     */
    public StreamReader stdout() {
        return stdout;
    }

    /**
     * The reader of the child's stderr.
     *
     * @return the reader, or null unless stderr is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stderr}.
     */
    public StreamReader stderr() {
        return stderr;
    }

    /**
     * A coroutine that waits for the child to exit. Cancelling it stops the wait only: the
     * child goes on running.
     *
     * <p>With piped output, read it (or use {@link #communicate}) while waiting: a child
     * blocked on a full pipe never exits.
     *
     * @return a coroutine whose result is {@link #returncode()}
     * @apiNote Mirrors {@code Process.wait()}; named after {@link java.lang.Process#waitFor()}
     *     because {@link Object#wait()} is final.
     */
    public Coroutine<Integer> waitFor() {
        Object[] waitingOn = new Object[1];
        return new Waiting<>("Subprocess.waitFor", (v, e) -> {
            if (e != null) {
                waiters.remove(waitingOn[0]);
                throw e;
            }
            if (returncode != null) {
                return returncode;
            }
            Future<Integer> f = loop.createFuture();
            waiters.add(f);
            waitingOn[0] = f;
            return f;
        });
    }

    private void exited() {
        int code = process.exitValue();
        if (signalSent != 0 && code == 128 + signalSent) {
            code = -signalSent;
        }
        returncode = code;
        if (stdinPipe != null) {
            // The child can read no more: close the pipe so its pump ends.
            stdinPipe.close();
        }
        List<Future<Integer>> ws = new ArrayList<>(waiters);
        waiters.clear();
        for (Future<Integer> f : ws) {
            if (!f.done()) {
                f.setResult(code);
            }
        }
    }

    /**
     * A coroutine that sends {@code input} to stdin (if given) and closes it, reads stdout and
     * stderr to their end, all at the same time (so a child that fills one pipe while we feed
     * another cannot deadlock), then waits for the child to exit. A child that exits without
     * reading all of {@code input} is not an error.
     *
     * <p>Cancelling it cancels the reads and the feeding, not the child.
     *
     * @param input the bytes for stdin, or null to send nothing (stdin, if piped, is still
     *     closed)
     * @return a coroutine whose result holds what stdout and stderr delivered
     * @throws IllegalStateException if {@code input} is given and stdin is not piped
     * @apiNote Mirrors {@code Process.communicate(input=None)} of Python 3.12, which closes a
     *     piped stdin even when there is no input.
     */
    public Coroutine<Communicated> communicate(byte[] input) {
        if (input != null && stdin == null) {
            throw new IllegalStateException("Subprocess.communicate: input given but stdin is not a PIPE");
        }
        int[] state = {0};
        Object[] results = new Object[1];
        return new Waiting<>("Subprocess.communicate", (v, e) -> {
            if (e != null) {
                throw e;
            }
            switch (state[0]++) {
                case 0: {
                    List<Awaitable<?>> parts = new ArrayList<>(3);
                    parts.add(stdin != null ? feedStdin(input) : noop());
                    parts.add(stdout != null ? stdout.read(-1) : noop());
                    parts.add(stderr != null ? stderr.read(-1) : noop());
                    return Asyncio.gather(parts.toArray(new Awaitable<?>[0]));
                }
                case 1:
                    results[0] = v;
                    return waitFor();
                default: {
                    List<?> r = (List<?>) results[0];
                    return new Communicated((byte[]) r.get(1), (byte[]) r.get(2));
                }
            }
        });
    }

    /**
     * The same as {@code communicate(null)}.
     *
     * @return a coroutine whose result holds what stdout and stderr delivered
     * @apiNote Mirrors {@code Process.communicate()}.
     */
    public Coroutine<Communicated> communicate() {
        return communicate(null);
    }

    private static Coroutine<Object> noop() {
        return new Waiting<>("Subprocess.noop", (v, e) -> null);
    }

    private Coroutine<Object> feedStdin(byte[] input) {
        boolean[] drained = {false};
        return new Waiting<>("Subprocess.feedStdin", (v, e) -> {
            if (!drained[0]) {
                drained[0] = true;
                if (e != null) {
                    throw e;
                }
                if (input != null && input.length > 0) {
                    stdin.write(input);
                    return stdin.drain();
                }
            } else if (e != null && !(e instanceof IOException)) {
                throw e; // a cancellation; a broken pipe (the child stopped reading) is no error
            }
            stdin.close();
            return null;
        });
    }

    /**
     * Sends {@code SIGKILL}, ending the child at once; {@link #returncode()} becomes -9. Does
     * nothing once the child has exited.
     *
     * @apiNote Mirrors {@code Process.kill()}.
     */
    public void kill() {
        sendSignal(9);
    }

    /**
     * Sends {@code SIGTERM}, asking the child to end; if it does, {@link #returncode()} becomes
     * -15. Does nothing once the child has exited.
     *
     * @apiNote Mirrors {@code Process.terminate()}.
     */
    public void terminate() {
        sendSignal(15);
    }

    /**
     * Sends a signal to the child. The JDK can send only {@code SIGTERM} (15) and
     * {@code SIGKILL} (9) ({@link java.lang.Process#destroy()} and
     * {@link java.lang.Process#destroyForcibly()}). Does nothing once the child has exited.
     *
     * @param signal 9 or 15
     * @throws UnsupportedOperationException for any other signal
     * @apiNote Mirrors {@code Process.send_signal(signal)}, which takes any signal.
     */
    public void sendSignal(int signal) {
        if (signal != 9 && signal != 15) {
            throw new UnsupportedOperationException("Subprocess.sendSignal: the JDK can send only "
                    + "SIGTERM (15) and SIGKILL (9), not " + signal);
        }
        if (returncode != null || !process.isAlive()) {
            return;
        }
        signalSent = signal;
        if (signal == 9) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    @Override
    public String toString() {
        return "<Subprocess " + program + " pid=" + process.pid()
                + (returncode == null ? " running" : " returncode=" + returncode) + ">";
    }
}
