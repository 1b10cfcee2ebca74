package io.jasyncio.internal.process;

import io.jasyncio.BaseTransport;
import io.jasyncio.EventLoop;
import io.jasyncio.SubprocessProtocol;
import java.util.Objects;

/**
 * One piped standard stream of a child process: {@link WritePipeTransport} for its stdin (fd 0),
 * {@link ReadPipeTransport} for its stdout (fd 1) or stderr (fd 2).
 *
 * <h2>Why a thread per pipe</h2>
 * asyncio puts a child's pipes on its selector. The JDK cannot: {@link Process} gives them as
 * blocking {@link java.io.InputStream}s and {@link java.io.OutputStream}s, not selectable
 * channels, and offers no way to reach their file descriptors. So each pipe has one daemon thread,
 * its pump (named {@code jasyncio-subprocess-<pid>-stdin}, {@code -stdout}, {@code -stderr}),
 * which does the blocking calls and exchanges chunks with the loop through
 * {@link EventLoop#callSoonThreadsafe}; the transport's state and every protocol callback stay
 * on the loop thread. A pump ends when its pipe ends (end of file, the pipe closed, an error)
 * and, within a second, when its loop is closed; it closes its end of the pipe as it goes. A
 * pump blocked in a read of a pipe that a grandchild holds open and does not write ends only
 * when that read returns: no JDK call interrupts it.
 *
 * <p>Not thread-safe: use it from its loop's thread.
 *
 * @apiNote Mirrors the pipe transports asyncio's {@code SubprocessTransport.get_pipe_transport}
 *     returns ({@code _UnixWritePipeTransport}, {@code _UnixReadPipeTransport}), as the
 *     {@code BaseTransport} they share.
 */
abstract sealed class PipeTransport implements BaseTransport permits ReadPipeTransport, WritePipeTransport {
    final EventLoop loop;
    final ProcessTransport owner;
    final int fd;
    private final Object pipe;
    private final String name;
    /** Set by close (or the end of the pipe); loop thread only. */
    boolean closing;
    /** Set once the owner has been told the pipe is lost; loop thread only. */
    boolean disconnected;

    PipeTransport(ProcessTransport owner, int fd, Object pipe, String name) {
        this.owner = owner;
        this.loop = owner.loop;
        this.fd = fd;
        this.pipe = pipe;
        this.name = name;
    }

    /** Starts the pump; called by the owner once every pipe of the child exists. */
    final void startPump() {
        Thread pump = new Thread(this::pump, name);
        pump.setDaemon(true);
        pump.start();
    }

    /** The pump thread's body: block on the pipe until it ends or the loop goes away. */
    abstract void pump();

    /** Hands {@code r} to the loop from the pump; false once the loop is closed. */
    final boolean post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException loopClosed) {
            loopClosed();
            return false;
        }
    }

    /** Told, on the pump thread, that the loop is closed: nobody will take what it reads. */
    void loopClosed() {}

    /** On the loop: the pipe is done with; tells the owner, once. */
    final void lost(Throwable exc) {
        if (disconnected) {
            return;
        }
        disconnected = true;
        closing = true;
        owner.pipeLost(fd, exc);
    }

    /**
     * Closes the pipe. What happens to data in flight depends on the direction; see the
     * subclass. {@link SubprocessProtocol#pipeConnectionLost} follows on a later iteration.
     * Closing twice does nothing.
     *
     * @apiNote Mirrors {@code BaseTransport.close()}.
     */
    @Override
    public abstract void close();

    /**
     * Tells whether the pipe is closing or closed.
     *
     * @return true after {@link #close()}, at the end of the pipe, or after an error
     * @apiNote Mirrors {@code BaseTransport.is_closing()}.
     */
    @Override
    public final boolean isClosing() {
        return closing;
    }

    /**
     * Transport information by name: {@code "pipe"}, the {@link java.io.OutputStream} (stdin)
     * or {@link java.io.InputStream} (stdout, stderr) of {@link Process} that the pump uses.
     * Do not read or write it yourself: the pump owns it.
     *
     * @param name the key
     * @return the value, or null if unknown
     * @throws NullPointerException if {@code name} is null
     * @apiNote Mirrors {@code BaseTransport.get_extra_info(name, default=None)}.
     */
    @Override
    public final Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        return "pipe".equals(name) ? pipe : null;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + name + (disconnected ? " closed" : closing ? " closing" : "")
                + ">";
    }
}
