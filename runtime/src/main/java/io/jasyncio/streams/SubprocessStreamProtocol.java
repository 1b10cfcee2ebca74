package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.SubprocessProtocol;
import io.jasyncio.SubprocessTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol behind {@link Subprocess}: it turns the pipes of a
 * {@link SubprocessTransport} into a {@link StreamWriter} (stdin) and {@link StreamReader}s
 * (stdout, stderr), wakes the coroutines waiting for the exit, and closes the transport once the
 * child has exited and its output pipes have ended. Loop thread only.
 *
 * @implNote Mirrors asyncio's {@code asyncio.subprocess.SubprocessStreamProtocol}.
 */
final class SubprocessStreamProtocol implements SubprocessProtocol {
    private final EventLoop loop;
    private final int limit;
    final List<Future<Integer>> exitWaiters = new ArrayList<>();
    SubprocessTransport transport;
    StreamWriter stdin;
    StreamReader stdout;
    StreamReader stderr;
    private PipeWriteTransport stdinPipe;
    private PipeReadTransport stdoutPipe;
    private PipeReadTransport stderrPipe;
    private int outputPipesOpen;
    private boolean exited;

    SubprocessStreamProtocol(EventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
    }

    @Override
    public void connectionMade(SubprocessTransport t) {
        transport = t;
        if (t.getStdoutTransport() != null) {
            stdoutPipe = new PipeReadTransport(loop, t.getStdoutTransport(), limit);
            stdout = stdoutPipe.reader();
            outputPipesOpen++;
        }
        if (t.getStderrTransport() != null) {
            stderrPipe = new PipeReadTransport(loop, t.getStderrTransport(), limit);
            stderr = stderrPipe.reader();
            outputPipesOpen++;
        }
        if (t.getStdinTransport() != null) {
            stdinPipe = new PipeWriteTransport(loop, t.getStdinTransport());
            stdin = new StreamWriter(stdinPipe);
        }
    }

    @Override
    public void pipeDataReceived(int fd, byte[] data) {
        (fd == 1 ? stdoutPipe : stderrPipe).received(data);
    }

    @Override
    public void pipeConnectionLost(int fd, Throwable exc) {
        if (fd == 0) {
            stdinPipe.lost(exc);
            return;
        }
        (fd == 1 ? stdoutPipe : stderrPipe).lost(exc);
        outputPipesOpen--;
        maybeCloseTransport();
    }

    @Override
    public void processExited() {
        exited = true;
        Integer code = transport.getReturncode();
        List<Future<Integer>> ws = new ArrayList<>(exitWaiters);
        exitWaiters.clear();
        for (Future<Integer> f : ws) {
            if (!f.done()) {
                f.setResult(code);
            }
        }
        maybeCloseTransport();
    }

    private void maybeCloseTransport() {
        if (exited && outputPipesOpen == 0) {
            transport.close();
        }
    }

    @Override
    public void pauseWriting() {
        stdinPipe.pause();
    }

    @Override
    public void resumeWriting() {
        stdinPipe.resume();
    }
}
