package io.jasyncio.internal.process;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SubprocessEndpoint;
import io.jasyncio.SubprocessOptions;
import io.jasyncio.SubprocessProtocol;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The work of {@link EventLoop#subprocessExec} and {@link EventLoop#subprocessShell}, on the
 * loop's public API only: make the protocol, start the child with a {@link ProcessBuilder}
 * redirected as the options say, and hand it to a {@link ProcessTransport}.
 */
public final class Subprocesses {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /**
     * The JDK's "Cannot run program ...", whose errno it words differently from release to
     * release ({@code error=2,} up to JDK 21, {@code error: 2 (} since).
     */
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)");

    private Subprocesses() {}

    /**
     * The command line that runs {@code cmd} in the platform's shell.
     *
     * @param cmd the shell command
     * @return {@code /bin/sh -c cmd}, or {@code cmd.exe /c cmd} on Windows
     * @throws NullPointerException if {@code cmd} is null
     */
    public static List<String> shell(String cmd) {
        Objects.requireNonNull(cmd, "cmd");
        return WINDOWS ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
    }

    /**
     * Starts a child on {@code loop}, as {@code EventLoop.subprocessExec} and
     * {@code subprocessShell} do.
     *
     * @param loop the loop
     * @param what the caller's name, for messages
     * @param protocolFactory makes the protocol, before the child starts
     * @param command the program and its arguments
     * @param options the redirections, the working directory and the environment
     * @param <P> the protocol's type
     * @return a future of {@code loop} with the transport and the protocol
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code command} is empty
     */
    public static <P extends SubprocessProtocol> Future<SubprocessEndpoint<P>> start(
            EventLoop loop,
            String what,
            Supplier<? extends P> protocolFactory,
            List<String> command,
            SubprocessOptions options) {
        Objects.requireNonNull(protocolFactory, "protocolFactory");
        Objects.requireNonNull(options, "options");
        List<String> args = List.copyOf(command); // also refuses null elements
        if (args.isEmpty()) {
            throw new IllegalArgumentException(what + ": no program given");
        }
        Future<SubprocessEndpoint<P>> result = loop.createFuture();
        P protocol;
        Process process;
        try {
            // asyncio makes the protocol before it starts the child.
            protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
            process = builder(args, options).start();
            if (!options.keepOnExit()) {
                ChildReaper.endOnExit(process);
            }
        } catch (IOException e) {
            result.setException(explain(what, args.get(0), e));
            return result;
        } catch (Throwable t) {
            result.setException(t);
            return result;
        }
        ProcessTransport transport = new ProcessTransport(
                loop,
                process,
                protocol,
                args.get(0),
                options.stdin() == SubprocessOptions.Redirect.PIPE,
                options.stdout() == SubprocessOptions.Redirect.PIPE,
                options.stderr() == SubprocessOptions.Redirect.PIPE);
        SubprocessEndpoint<P> endpoint = new SubprocessEndpoint<>(transport, protocol);
        // Queued after the transport's connectionMade, so the creator resumes after it (asyncio).
        loop.callSoon(() -> {
            if (result.cancelled()) {
                transport.close(); // as asyncio's subprocess_exec when its await is cancelled
            } else {
                result.setResult(endpoint);
            }
        });
        return result;
    }

    private static ProcessBuilder builder(List<String> args, SubprocessOptions options) {
        ProcessBuilder pb = new ProcessBuilder(args);
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(options.env());
        }
        pb.redirectInput(options.stdin().toProcessBuilder(true));
        pb.redirectOutput(options.stdout().toProcessBuilder(false));
        if (options.stderr() == SubprocessOptions.Redirect.STDOUT) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(options.stderr().toProcessBuilder(false));
        }
        return pb;
    }

    /** The JDK's failure to start, as the exception a Python user expects. */
    private static IOException explain(String what, String program, IOException failed) {
        Matcher m = ERRNO.matcher(String.valueOf(failed.getMessage()));
        int errno = m.find() ? Integer.parseInt(m.group(1)) : -1;
        IOException e;
        if (errno == 2) {
            e = new NoSuchFileException(
                    program, null, what + ": no such program: " + program + " (asyncio: FileNotFoundError)");
        } else if (errno == 13) {
            e = new AccessDeniedException(
                    program, null, what + ": permission denied: " + program + " (asyncio: PermissionError)");
        } else {
            return failed;
        }
        e.initCause(failed);
        return e;
    }
}
