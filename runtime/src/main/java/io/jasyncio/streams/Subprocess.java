package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Awaitable;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SubprocessEndpoint;
import io.jasyncio.SubprocessOptions;
import io.jasyncio.SubprocessTransport;
import io.jasyncio.internal.handwritten.LambdaCoroutine;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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
 * <h2>How it is built</h2>
 * As in asyncio, on the protocol API: {@link EventLoop#subprocessExec} starts the child with a
 * protocol that turns its pipes into streams, so the pipes, their pump threads, their
 * back-pressure and the exit are those of {@link io.jasyncio.SubprocessTransport} (see
 * {@code internal.process.PipeTransport} for why each pipe has a thread). A stdout whose reader holds
 * more than twice its limit is paused, so a child writing faster than the coroutine reads blocks
 * on its own full pipe, and this process holds at most about twice the reader's limit plus one
 * 64 KiB chunk per pipe. When the child exits its stdin pipe is closed. A stdout or stderr that a
 * grandchild still holds open stays open until that grandchild closes it, as in asyncio.
 *
 * <h2>When the loop closes first</h2>
 * Pumps notice within a second that their loop is closed, stop, and close their ends of the
 * pipes, so a child still writing gets {@code SIGPIPE}. jasyncio does not kill a child when the
 * loop closes (asyncio does, when it collects the transport, with a warning): kill or wait for
 * your children before the loop ends.
 *
 * <h2>Return codes and signals</h2>
 * {@link #returncode()} is null while the child runs, then its exit status. asyncio reports a
 * death by signal N as -N; Java's {@code Process} reports it as 128 + N, the same number a
 * normal {@code exit(128 + N)} gives, so the two cannot be told apart in general. jasyncio
 * reports -N when it sent signal N itself ({@link #kill()}, {@link #terminate()},
 * {@link #sendSignal(int)}) and the status is 128 + N, and the status as Java gives it
 * otherwise. {@link #sendSignal(int)} sends any signal on POSIX systems, as
 * {@link io.jasyncio.SubprocessTransport#sendSignal(int)} does.
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
     * How to start the child. Each stream takes any {@link SubprocessOptions.Redirect}: a pipe
     * (exposed as a stream: {@link #stdin()}, {@link #stdout()}, {@link #stderr()}), the null
     * device, this process's own stream, a file ({@link SubprocessOptions.Redirect#file},
     * {@link SubprocessOptions.Redirect#appendTo}), or for stderr the same place as stdout; the
     * {@link Redirect} constants name the first four.
     *
     * @param stdin where the child's standard input comes from
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes ({@link SubprocessOptions.Redirect#STDOUT}
     *     merges it into stdout)
     * @param cwd the working directory, or null for this process's
     * @param env the whole environment of the child, or null to inherit this process's
     * @param limit the buffer limit of the {@link StreamReader}s
     * @param keepOnExit false (the default) to end the child, and its descendants, when this
     *     JVM exits (see {@link SubprocessOptions#keepOnExit()}); true to leave it running, as
     *     asyncio does
     * @apiNote Mirrors the {@code stdin}, {@code stdout}, {@code stderr}, {@code cwd},
     *     {@code env} and {@code limit} arguments of {@code asyncio.create_subprocess_exec},
     *     where a stream may also be an open file.
     */
    public record Options(
            SubprocessOptions.Redirect stdin,
            SubprocessOptions.Redirect stdout,
            SubprocessOptions.Redirect stderr,
            Path cwd,
            Map<String, String> env,
            int limit,
            boolean keepOnExit) {

        /** Every stream inherited, as asyncio's defaults ({@code None}). */
        public static final Options DEFAULTS = new Options(
                Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT, null, null, StreamReader.DEFAULT_LIMIT);

        /**
         * Checks the options.
         *
         * @param stdin where the child's standard input comes from
         * @param stdout where its standard output goes
         * @param stderr where its standard error goes
         * @param cwd the working directory, or null
         * @param env the child's whole environment, or null to inherit
         * @param limit the buffer limit of the readers
         * @param keepOnExit true to leave the child running when this JVM exits
         * @throws NullPointerException if a redirect is null
         * @throws IllegalArgumentException if stdin or stdout is {@code STDOUT}, stdin is a file
         *     to append to, or {@code limit} is not positive
         */
        public Options {
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
            if (stdin.equals(SubprocessOptions.Redirect.STDOUT) || stdout.equals(SubprocessOptions.Redirect.STDOUT)) {
                throw new IllegalArgumentException("Subprocess.Options: STDOUT is only valid for stderr");
            }
            try {
                new SubprocessOptions(stdin, stdout, stderr, null, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        e.getMessage().replace("SubprocessOptions: ", "Subprocess.Options: "));
            }
            if (limit <= 0) {
                throw new IllegalArgumentException("Subprocess.Options: limit must be positive, not " + limit);
            }
            env = env == null ? null : Map.copyOf(env);
        }

        /**
         * Options that end the child when this JVM exits.
         *
         * @param stdin where the child's standard input comes from
         * @param stdout where its standard output goes
         * @param stderr where its standard error goes
         * @param cwd the working directory, or null
         * @param env the child's whole environment, or null to inherit
         * @param limit the buffer limit of the readers
         * @throws NullPointerException if a redirect is null
         * @throws IllegalArgumentException if stdin or stdout is {@code STDOUT}, stdin is a file
         *     to append to, or {@code limit} is not positive
         */
        public Options(
                SubprocessOptions.Redirect stdin,
                SubprocessOptions.Redirect stdout,
                SubprocessOptions.Redirect stderr,
                Path cwd,
                Map<String, String> env,
                int limit) {
            this(stdin, stdout, stderr, cwd, env, limit, false);
        }

        /**
         * A copy that leaves the child running when this JVM exits, or ends it then (the
         * default).
         *
         * @param keep true to leave it running
         * @return the copy
         */
        public Options withKeepOnExit(boolean keep) {
            return new Options(stdin, stdout, stderr, cwd, env, limit, keep);
        }

        /**
         * Options with the four common redirects.
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
        public Options(Redirect stdin, Redirect stdout, Redirect stderr, Path cwd, Map<String, String> env, int limit) {
            this(redirect(stdin), redirect(stdout), redirect(stderr), cwd, env, limit);
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
            return withStdin(redirect(r));
        }

        /**
         * A copy with another stdin: a pipe, the null device, this process's, or a file to read.
         *
         * @param r the redirect
         * @return the new options
         * @apiNote Mirrors {@code stdin=open(path, "rb")}.
         */
        public Options withStdin(SubprocessOptions.Redirect r) {
            return new Options(r, stdout, stderr, cwd, env, limit, keepOnExit);
        }

        /**
         * A copy with another stdout.
         *
         * @param r the redirect
         * @return the new options
         */
        public Options withStdout(Redirect r) {
            return withStdout(redirect(r));
        }

        /**
         * A copy with another stdout: a pipe, the null device, this process's, or a file to
         * write or append to.
         *
         * @param r the redirect
         * @return the new options
         * @apiNote Mirrors {@code stdout=open(path, "wb")}.
         */
        public Options withStdout(SubprocessOptions.Redirect r) {
            return new Options(stdin, r, stderr, cwd, env, limit, keepOnExit);
        }

        /**
         * A copy with another stderr.
         *
         * @param r the redirect
         * @return the new options
         */
        public Options withStderr(Redirect r) {
            return withStderr(redirect(r));
        }

        /**
         * A copy with another stderr: a pipe, the null device, this process's, stdout's, or a
         * file to write or append to.
         *
         * @param r the redirect
         * @return the new options
         * @apiNote Mirrors {@code stderr=open(path, "wb")}.
         */
        public Options withStderr(SubprocessOptions.Redirect r) {
            return new Options(stdin, stdout, r, cwd, env, limit, keepOnExit);
        }

        /**
         * A copy with another working directory.
         *
         * @param dir the directory, or null for this process's
         * @return the new options
         */
        public Options withCwd(Path dir) {
            return new Options(stdin, stdout, stderr, dir, env, limit, keepOnExit);
        }

        /**
         * A copy with another environment.
         *
         * @param environment the child's whole environment, or null to inherit
         * @return the new options
         */
        public Options withEnv(Map<String, String> environment) {
            return new Options(stdin, stdout, stderr, cwd, environment, limit, keepOnExit);
        }

        /**
         * A copy with another reader limit.
         *
         * @param bytes the limit
         * @return the new options
         */
        public Options withLimit(int bytes) {
            return new Options(stdin, stdout, stderr, cwd, env, bytes, keepOnExit);
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
    public record Communicated(byte[] stdout, byte[] stderr) {}

    private final EventLoop loop;
    private final SubprocessTransport transport;
    private final SubprocessStreamProtocol protocol;
    private final String program;

    private Subprocess(
            EventLoop loop, SubprocessTransport transport, SubprocessStreamProtocol protocol, String program) {
        this.loop = loop;
        this.transport = transport;
        this.protocol = protocol;
        this.program = program;
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
        SubprocessOptions childOptions = new SubprocessOptions(
                options.stdin(),
                options.stdout(),
                options.stderr(),
                options.cwd(),
                options.env(),
                options.keepOnExit());
        EventLoop[] loop = new EventLoop[1];
        return new LambdaCoroutine<>(what, (v, e) -> {
            if (e != null) {
                throw rename(what, e);
            }
            if (loop[0] == null) {
                loop[0] = Asyncio.getRunningLoop();
                return loop[0].subprocessExec(
                        () -> new SubprocessStreamProtocol(loop[0], options.limit()), command, childOptions);
            }
            @SuppressWarnings("unchecked")
            SubprocessEndpoint<SubprocessStreamProtocol> started = (SubprocessEndpoint<SubprocessStreamProtocol>) v;
            return new Subprocess(loop[0], started.transport(), started.protocol(), program);
        });
    }

    private static SubprocessOptions.Redirect redirect(Redirect r) {
        switch (Objects.requireNonNull(r, "redirect")) {
            case PIPE:
                return SubprocessOptions.Redirect.PIPE;
            case INHERIT:
                return SubprocessOptions.Redirect.INHERIT;
            case DEVNULL:
                return SubprocessOptions.Redirect.DEVNULL;
            case STDOUT:
                return SubprocessOptions.Redirect.STDOUT;
            default:
                throw new AssertionError(r);
        }
    }

    /**
     * A failure to start, as {@link EventLoop#subprocessExec} words it, renamed after the
     * method the caller used, with the same exception class.
     */
    private static Throwable rename(String what, Throwable e) {
        FileSystemException renamed;
        if (e instanceof NoSuchFileException missing) {
            renamed = new NoSuchFileException(missing.getFile(), null, what + ": " + missing.getReason());
        } else if (e instanceof AccessDeniedException denied) {
            renamed = new AccessDeniedException(denied.getFile(), null, what + ": " + denied.getReason());
        } else {
            return e;
        }
        renamed.initCause(e);
        return renamed;
    }

    // ---- the running child

    /**
     * The child's process id.
     *
     * @return the pid
     * @apiNote Mirrors {@code Process.pid}.
     */
    public long pid() {
        return transport.getPid();
    }

    /**
     * The child's exit status, once the loop has seen it exit.
     *
     * @return null while running; the exit code; or -N after a death by signal N that this
     *     object sent (see the class comment)
     * @apiNote Mirrors {@code Process.returncode}.
     */
    public Integer returncode() {
        return transport.getReturncode();
    }

    /**
     * The writer of the child's stdin: {@link StreamWriter#write}, {@link StreamWriter#drain()},
     * and {@link StreamWriter#close()} to let the child read end of file.
     *
     * @return the writer, or null unless stdin is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stdin}.
     */
    public StreamWriter stdin() {
        return protocol.stdin;
    }

    /**
     * The reader of the child's stdout.
     *
     * @return the reader, or null unless stdout is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stdout}.
     */
    public StreamReader stdout() {
        return protocol.stdout;
    }

    /**
     * The reader of the child's stderr.
     *
     * @return the reader, or null unless stderr is {@link Redirect#PIPE}
     * @apiNote Mirrors {@code Process.stderr}.
     */
    public StreamReader stderr() {
        return protocol.stderr;
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
        return new LambdaCoroutine<>("Subprocess.waitFor", (v, e) -> {
            if (e != null) {
                protocol.exitWaiters.remove(waitingOn[0]);
                throw e;
            }
            Integer code = transport.getReturncode();
            if (code != null) {
                return code;
            }
            Future<Integer> f = loop.createFuture();
            protocol.exitWaiters.add(f);
            waitingOn[0] = f;
            return f;
        });
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
        if (input != null && protocol.stdin == null) {
            throw new IllegalStateException("Subprocess.communicate: input given but stdin is not a PIPE");
        }
        int[] state = {0};
        Object[] results = new Object[1];
        return new LambdaCoroutine<>("Subprocess.communicate", (v, e) -> {
            if (e != null) {
                throw e;
            }
            switch (state[0]++) {
                case 0: {
                    List<Awaitable<?>> parts = new ArrayList<>(3);
                    parts.add(protocol.stdin != null ? feedStdin(input) : noop());
                    parts.add(protocol.stdout != null ? protocol.stdout.read(-1) : noop());
                    parts.add(protocol.stderr != null ? protocol.stderr.read(-1) : noop());
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
        return new LambdaCoroutine<>("Subprocess.noop", (v, e) -> null);
    }

    private Coroutine<Object> feedStdin(byte[] input) {
        StreamWriter stdin = protocol.stdin;
        boolean[] drained = {false};
        return new LambdaCoroutine<>("Subprocess.feedStdin", (v, e) -> {
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
     * @apiNote Mirrors {@code Process.kill()}, which raises {@code ProcessLookupError} once the
     *     child has exited and its pipes have closed.
     */
    public void kill() {
        if (transport.getReturncode() == null) {
            transport.kill();
        }
    }

    /**
     * Sends {@code SIGTERM}, asking the child to end; if it does, {@link #returncode()} becomes
     * -15. Does nothing once the child has exited.
     *
     * @apiNote Mirrors {@code Process.terminate()}, which raises {@code ProcessLookupError} once
     *     the child has exited and its pipes have closed.
     */
    public void terminate() {
        if (transport.getReturncode() == null) {
            transport.terminate();
        }
    }

    /**
     * Sends signal {@code signal} to the child, any signal on POSIX systems, as
     * {@link SubprocessTransport#sendSignal(int)} does: 9 and 15 at once through the JDK, others
     * through the shell's {@code kill} on a helper thread, in the order asked for. Does nothing
     * once the child has exited.
     *
     * @param signal the signal number, 0 to 64 (the platform's numbering: {@code SIGUSR1} is 10
     *     on Linux, 30 on macOS)
     * @return a future of the loop, done once the signal was sent or found needless; it fails
     *     with an {@link IOException} if {@code kill} refused the signal
     * @throws IllegalArgumentException if {@code signal} is negative or above 64
     * @throws UnsupportedOperationException for a signal other than 9 and 15 on Windows, or where
     *     {@code /bin/sh} cannot be run
     * @apiNote Mirrors {@code Process.send_signal(signal)}, which returns nothing.
     */
    public Future<Void> sendSignal(int signal) {
        if (transport.getReturncode() == null) {
            return transport.sendSignal(signal);
        }
        if (signal < 0 || signal > 64) {
            throw new IllegalArgumentException("Subprocess.sendSignal: no signal " + signal);
        }
        Future<Void> done = loop.createFuture();
        done.setResult(null);
        return done;
    }

    @Override
    public String toString() {
        Integer code = transport.getReturncode();
        return "<Subprocess " + program + " pid=" + transport.getPid()
                + (code == null ? " running" : " returncode=" + code) + ">";
    }
}
