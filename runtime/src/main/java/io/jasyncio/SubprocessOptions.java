package io.jasyncio;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link EventLoop#subprocessExec(java.util.function.Supplier, java.util.List, SubprocessOptions)}
 * and {@link EventLoop#subprocessShell(java.util.function.Supplier, String, SubprocessOptions)}
 * start a child: where its three standard streams go, its working directory and its
 * environment.
 *
 * @param stdin where the child's standard input comes from
 * @param stdout where its standard output goes
 * @param stderr where its standard error goes ({@link Redirect#STDOUT}: wherever stdout goes)
 * @param cwd the working directory, or null for this process's
 * @param env the child's whole environment, or null to inherit this process's
 * @param keepOnExit false (the default) to end the child, and its descendants, when this JVM
 *     exits, normally or on SIGTERM: SIGTERM first, SIGKILL to what is left after
 *     {@link #EXIT_GRACE_SECONDS}; true to leave it running, as asyncio does
 * @apiNote Mirrors the {@code stdin}, {@code stdout}, {@code stderr}, {@code cwd} and
 *     {@code env} keyword arguments of {@code loop.subprocess_exec}. asyncio takes an open file
 *     object for a file; here {@link Redirect#file(Path)} and {@link Redirect#appendTo(Path)}
 *     name the file and the child opens it.
 */
public record SubprocessOptions(
        Redirect stdin, Redirect stdout, Redirect stderr, Path cwd, Map<String, String> env, boolean keepOnExit) {

    /** All three streams piped to this process, as asyncio's defaults for {@code loop.subprocess_exec}. */
    public static final SubprocessOptions PIPES =
            new SubprocessOptions(Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, null, null);

    /**
     * How long, in seconds, the JVM's exit waits for its children to end after SIGTERM before
     * it sends SIGKILL to those left.
     */
    public static final double EXIT_GRACE_SECONDS = 2.0;

    /**
     * Checks the options.
     *
     * @param stdin where the child's standard input comes from
     * @param stdout where its standard output goes
     * @param stderr where its standard error goes
     * @param cwd the working directory, or null
     * @param env the child's whole environment, or null to inherit
     * @param keepOnExit true to leave the child running when this JVM exits
     * @throws NullPointerException if a redirect is null, or {@code env} holds a null key or value
     * @throws IllegalArgumentException if stdin or stdout is {@link Redirect#STDOUT}, or stdin is
     *     {@link Redirect#appendTo(Path)}
     */
    public SubprocessOptions {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
            throw new IllegalArgumentException("SubprocessOptions: STDOUT is only valid for stderr");
        }
        if (stdin.kind == Redirect.Kind.APPEND) {
            throw new IllegalArgumentException(
                    "SubprocessOptions: stdin cannot be " + stdin + "; use Redirect.file to read from a file");
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
     * @throws NullPointerException if a redirect is null, or {@code env} holds a null key or value
     * @throws IllegalArgumentException if stdin or stdout is {@link Redirect#STDOUT}, or stdin is
     *     {@link Redirect#appendTo(Path)}
     */
    public SubprocessOptions(Redirect stdin, Redirect stdout, Redirect stderr, Path cwd, Map<String, String> env) {
        this(stdin, stdout, stderr, cwd, env, false);
    }

    /**
     * A copy that leaves the child running when this JVM exits, or ends it then (the default).
     *
     * @param keep true to leave it running
     * @return the new options
     * @apiNote asyncio leaves children running when the interpreter exits; a JVM ends them
     *     unless told to keep them.
     */
    public SubprocessOptions withKeepOnExit(boolean keep) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, keep);
    }

    /**
     * A copy with another stdin.
     *
     * @param r the redirect
     * @return the new options
     */
    public SubprocessOptions withStdin(Redirect r) {
        return new SubprocessOptions(r, stdout, stderr, cwd, env, keepOnExit);
    }

    /**
     * A copy with another stdout.
     *
     * @param r the redirect
     * @return the new options
     */
    public SubprocessOptions withStdout(Redirect r) {
        return new SubprocessOptions(stdin, r, stderr, cwd, env, keepOnExit);
    }

    /**
     * A copy with another stderr.
     *
     * @param r the redirect
     * @return the new options
     */
    public SubprocessOptions withStderr(Redirect r) {
        return new SubprocessOptions(stdin, stdout, r, cwd, env, keepOnExit);
    }

    /**
     * A copy with another working directory.
     *
     * @param dir the directory, or null for this process's
     * @return the new options
     */
    public SubprocessOptions withCwd(Path dir) {
        return new SubprocessOptions(stdin, stdout, stderr, dir, env, keepOnExit);
    }

    /**
     * A copy with another environment.
     *
     * @param environment the child's whole environment, or null to inherit this process's
     * @return the new options
     */
    public SubprocessOptions withEnv(Map<String, String> environment) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, environment, keepOnExit);
    }

    /**
     * Where one standard stream of a child goes: one of the four constants, or a file.
     *
     * @apiNote Mirrors {@code asyncio.subprocess.PIPE}, {@code DEVNULL}, {@code None} (inherit),
     *     {@code STDOUT} and an open file passed as {@code stdin}, {@code stdout} or {@code stderr}.
     */
    public static final class Redirect {
        private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

        enum Kind {
            PIPE,
            DEVNULL,
            INHERIT,
            STDOUT,
            FILE,
            APPEND
        }

        /**
         * A pipe to this process: the transport has a pipe transport for the stream
         * ({@link SubprocessTransport#getPipeTransport(int)}) and the protocol hears its data.
         */
        public static final Redirect PIPE = new Redirect(Kind.PIPE, null);
        /** The null device: the child reads end of file, and what it writes is discarded. */
        public static final Redirect DEVNULL = new Redirect(Kind.DEVNULL, null);
        /** This process's own stream, shared with the child. */
        public static final Redirect INHERIT = new Redirect(Kind.INHERIT, null);
        /** For stderr only: the same pipe or file as stdout. */
        public static final Redirect STDOUT = new Redirect(Kind.STDOUT, null);

        final Kind kind;
        final Path file;

        private Redirect(Kind kind, Path file) {
            this.kind = kind;
            this.file = file;
        }

        /**
         * A file: for stdin, the child reads it from its start; for stdout or stderr, the file is
         * created or truncated and the child writes it. The child opens it when it starts, so a
         * missing input file fails the start.
         *
         * @param path the file
         * @return the redirect
         * @throws NullPointerException if {@code path} is null
         */
        public static Redirect file(Path path) {
            return new Redirect(Kind.FILE, Objects.requireNonNull(path, "path"));
        }

        /**
         * A file the child's stdout or stderr is appended to, created if missing.
         *
         * @param path the file
         * @return the redirect
         * @throws NullPointerException if {@code path} is null
         */
        public static Redirect appendTo(Path path) {
            return new Redirect(Kind.APPEND, Objects.requireNonNull(path, "path"));
        }

        /**
         * The {@link ProcessBuilder.Redirect} this stands for.
         *
         * @param input true for stdin, false for stdout and stderr
         * @return the JDK's redirect: the null device is {@code /dev/null} (or {@code NUL}) for
         *     input and {@link ProcessBuilder.Redirect#DISCARD} for output
         * @throws IllegalStateException for {@link #STDOUT}, which is
         *     {@link ProcessBuilder#redirectErrorStream(boolean)} instead
         */
        public ProcessBuilder.Redirect toProcessBuilder(boolean input) {
            switch (kind) {
                case PIPE:
                    return ProcessBuilder.Redirect.PIPE;
                case INHERIT:
                    return ProcessBuilder.Redirect.INHERIT;
                case DEVNULL:
                    return input
                            ? ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null"))
                            : ProcessBuilder.Redirect.DISCARD;
                case FILE:
                    return input
                            ? ProcessBuilder.Redirect.from(file.toFile())
                            : ProcessBuilder.Redirect.to(file.toFile());
                case APPEND:
                    return ProcessBuilder.Redirect.appendTo(file.toFile());
                default:
                    throw new IllegalStateException(this + " is not a redirect of its own");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Redirect r && r.kind == kind && Objects.equals(r.file, file);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + Objects.hashCode(file);
        }

        @Override
        public String toString() {
            return file == null ? kind.name() : (kind == Kind.FILE ? "file(" : "appendTo(") + file + ")";
        }
    }
}
