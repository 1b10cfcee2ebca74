package io.jasyncio;

/**
 * A running child process seen from the loop: its pipes (one transport for each piped standard
 * stream), its exit, its signals; every event goes to its {@link SubprocessProtocol}, each as a
 * callback of its own on the loop, in the order that interface describes. Made by
 * {@link EventLoop#subprocessExec} and {@link EventLoop#subprocessShell}.
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
 * transport).
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors {@code asyncio.SubprocessTransport}.
 */
public interface SubprocessTransport extends BaseTransport {
    /**
     * The child's process id.
     *
     * @return the pid
     * @apiNote Mirrors {@code SubprocessTransport.get_pid()}.
     */
    long getPid();

    /**
     * The child's exit status, once the loop has learnt of its exit.
     *
     * @return null while it runs; its exit status; or -N after a death by a signal N this
     *     transport sent (see the interface comment)
     * @apiNote Mirrors {@code SubprocessTransport.get_returncode()}.
     */
    Integer getReturncode();

    /**
     * The transport of a piped standard stream.
     *
     * @param fd 0 (stdin), 1 (stdout) or 2 (stderr)
     * @return a {@link WriteTransport} for 0, a {@link ReadTransport} for 1 and 2, or null if
     *     that stream is not {@link SubprocessOptions.Redirect#PIPE} (or {@code fd} is none of
     *     these)
     * @apiNote Mirrors {@code SubprocessTransport.get_pipe_transport(fd)}.
     */
    BaseTransport getPipeTransport(int fd);

    /**
     * {@code getPipeTransport(0)}, typed. Writing to it never blocks the loop; a child that does
     * not read makes its pipe fill, and the protocol hears {@code pauseWriting} past the
     * high-water mark.
     *
     * @return the stdin pipe, or null if stdin is not piped
     * @apiNote {@code get_pipe_transport(0)} in asyncio.
     */
    WriteTransport getStdinTransport();

    /**
     * {@code getPipeTransport(1)}, typed. While reading is paused the child blocks once its
     * pipe is full.
     *
     * @return the stdout pipe, or null if stdout is not piped
     * @apiNote {@code get_pipe_transport(1)} in asyncio.
     */
    ReadTransport getStdoutTransport();

    /**
     * {@code getPipeTransport(2)}, typed.
     *
     * @return the stderr pipe, or null if stderr is not piped (merged into stdout included)
     * @apiNote {@code get_pipe_transport(2)} in asyncio.
     */
    ReadTransport getStderrTransport();

    /**
     * Sends signal {@code sig} to the child, on POSIX systems any signal.
     * {@code SIGKILL} (9) and {@code SIGTERM} (15) go at once through the child's
     * {@link ProcessHandle} ({@link ProcessHandle#destroyForcibly()},
     * {@link ProcessHandle#destroy()}; the pipes stay open, as in asyncio); any other goes
     * through the shell's {@code kill} builtin on a helper thread, never blocking the loop, and
     * is sent when the returned future completes. Signals are sent in the order asked for.
     * Nothing is sent to a child that has exited, even if its exit has not reached the loop yet,
     * nor to another process that reused its pid (checked against the child's start time a few
     * microseconds before the signal goes). Signal numbers are the platform's ({@code kill -l}
     * lists them): {@code SIGUSR1} is 10 on Linux, 30 on macOS.
     *
     * @param sig the signal number, 0 (check only) to 64
     * @return a future of this loop, done once the signal was sent or found needless; it fails
     *     with an {@link java.io.IOException} if {@code kill} refused it (a signal number the
     *     platform does not have)
     * @throws IllegalArgumentException if {@code sig} is negative or above 64
     * @throws UnsupportedOperationException for a signal other than 9 and 15 on Windows, or where
     *     {@code /bin/sh} cannot be run
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.send_signal(signal)}, which returns nothing and
     *     raises {@code ProcessLookupError} where this throws {@link IllegalStateException}.
     */
    Future<Void> sendSignal(int sig);

    /**
     * Sends {@code SIGTERM} (15), asking the child to end; if it does, the return code is -15.
     *
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.terminate()}.
     */
    void terminate();

    /**
     * Sends {@code SIGKILL} (9), ending the child at once; the return code is -9.
     *
     * @throws IllegalStateException once {@link SubprocessProtocol#connectionLost} has run
     * @apiNote Mirrors {@code SubprocessTransport.kill()}.
     */
    void kill();

    /**
     * Closes every pipe and kills the child ({@code SIGKILL}) if it still runs. The protocol
     * then hears each {@code pipeConnectionLost}, {@code processExited} and
     * {@code connectionLost} as usual. Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()} of asyncio's subprocess transport.
     */
    @Override
    void close();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true after {@code close()}
     * @apiNote Mirrors {@code BaseTransport.is_closing()}.
     */
    @Override
    boolean isClosing();

    /**
     * The protocol this transport calls back.
     *
     * @return the protocol
     * @apiNote Mirrors {@code BaseTransport.get_protocol()}.
     */
    SubprocessProtocol getProtocol();

    /**
     * Transport information by name: {@code "subprocess"}, the {@link Process}. Do not use its
     * streams: the transport's pipes own them.
     *
     * @param name the key
     * @return the value, or null if unknown
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name, default=None)}, whose
     *     {@code "subprocess"} is the {@code subprocess.Popen}.
     */
    @Override
    Object getExtraInfo(String name);
}
