package io.jasyncio;

/**
 * What a child process started with {@link EventLoop#subprocessExec} or
 * {@link EventLoop#subprocessShell} calls back, always on its loop's thread, each call a callback
 * of its own on the loop. Every method does nothing by default.
 *
 * <h2>Order</h2>
 * <pre>
 *   connectionMade                       once, first, before the creating future completes
 *   pipeDataReceived(fd, data)           any number, fd 1 (stdout) or 2 (stderr)
 *   pipeConnectionLost(fd, exc)          once per piped stream, after that stream's data
 *   processExited                        once, when the child has exited
 *   connectionLost(null)                 once, last: after processExited AND every pipeConnectionLost
 * </pre>
 * {@code processExited} and the {@code pipeConnectionLost} calls come in the order the events
 * happen: a child that closes its output and lives on has its pipes lost first; a child whose
 * output a grandchild still holds exits first, and its stdout may deliver data after
 * {@code processExited}. The stdin pipe (fd 0) is lost when the child exits (just before
 * {@code processExited}), when it is closed with {@link WriteTransport#close()} or
 * {@link WriteTransport#writeEof()} once its data is written, or when a write fails.
 *
 * <p>A callback that throws does not change the order or stop the child: the exception goes to
 * the loop's exception handler ("Exception in callback SubprocessProtocol.pipeDataReceived(1, 4
 * bytes)"), and the next callbacks come as usual.
 *
 * @apiNote Mirrors {@code asyncio.SubprocessProtocol}, with {@code pause_writing} and
 *     {@code resume_writing} of {@code asyncio.BaseProtocol}, which the stdin pipe calls.
 */
public interface SubprocessProtocol {

    /**
     * Called once the child is running and its pipe transports exist, before the future that
     * created it completes.
     *
     * @param transport the child's transport
     * @apiNote Mirrors {@code BaseProtocol.connection_made(transport)}.
     */
    default void connectionMade(SubprocessTransport transport) {}

    /**
     * Called with each chunk the child wrote to a piped stdout or stderr, at most 64 KiB at a
     * time. Pausing the pipe ({@link ReadTransport#pauseReading()}) holds back further
     * chunks, and the child blocks once its pipe is full.
     *
     * @param fd 1 for stdout, 2 for stderr
     * @param data the bytes, a fresh array the protocol may keep
     * @apiNote Mirrors {@code SubprocessProtocol.pipe_data_received(fd, data)}.
     */
    default void pipeDataReceived(int fd, byte[] data) {}

    /**
     * Called once for each piped stream when it is closed: end of file on stdout or stderr (the
     * child, and any grandchild holding the pipe, closed it), the stdin pipe closed, a read or
     * write error, or {@link BaseTransport#close()}.
     *
     * @param fd 0, 1 or 2
     * @param exc null for a normal close, else the error that ended the pipe (an
     *     {@link java.io.IOException}, "Broken pipe" when the child stopped reading stdin)
     * @apiNote Mirrors {@code SubprocessProtocol.pipe_connection_lost(fd, exc)}.
     */
    default void pipeConnectionLost(int fd, Throwable exc) {}

    /**
     * Called once when the child has exited; {@link SubprocessTransport#getReturncode()} has its
     * status.
     *
     * @apiNote Mirrors {@code SubprocessProtocol.process_exited()}.
     */
    default void processExited() {}

    /**
     * Called once, last, when the child has exited and every pipe is closed. After it returns
     * the transport's signals raise {@link IllegalStateException}.
     *
     * @param exc always null: a child's transport ends without an error of its own (pipe errors
     *     went to {@link #pipeConnectionLost})
     * @apiNote Mirrors {@code BaseProtocol.connection_lost(exc)}.
     */
    default void connectionLost(Throwable exc) {}

    /**
     * Called when the stdin pipe's buffer goes over its high-water mark (64 KiB by default).
     *
     * @apiNote Mirrors {@code BaseProtocol.pause_writing()}.
     */
    default void pauseWriting() {}

    /**
     * Called when the stdin pipe's buffer is back under its low-water mark (16 KiB by default)
     * after {@link #pauseWriting()}.
     *
     * @apiNote Mirrors {@code BaseProtocol.resume_writing()}.
     */
    default void resumeWriting() {}
}
