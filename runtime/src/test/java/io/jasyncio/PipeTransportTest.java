package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#connectReadPipe} and {@link EventLoop#connectWritePipe} on
 * {@link java.nio.channels.Pipe}s, under the descriptor check of {@link SocketLoopTest}: the
 * transports close the pipe ends they were given. The order of callbacks is CPython 3.11's:
 *
 * <pre>
 * r, w = os.pipe()
 * rt, rp = await loop.connect_read_pipe(R, os.fdopen(r, "rb"))     # made; read connected
 * wt, wp = await loop.connect_write_pipe(W, os.fdopen(w, "wb"))    # w made; write connected
 * wt.write(b"hello"); wt.close()                                  # closing True
 * # w lost None, data hello, eof, lost None
 *
 * r, w = os.pipe(); os.close(r)
 * wt, wp = await loop.connect_write_pipe(W, os.fdopen(w, "wb")); wt.write(b"x")
 * # w made, w lost BrokenPipeError
 * </pre>
 */
class PipeTransportTest extends SocketLoopTest {
    class Reader implements Protocol {
        final List<String> log;
        final Future<Void> lost = loop.createFuture();

        Reader(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(Transport t) {
            log.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            log.add("data " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public boolean eofReceived() {
            log.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable error) {
            log.add("lost " + error);
            lost.setResult(null);
        }
    }

    class Writer implements BaseProtocol {
        final List<String> log;
        final Future<Throwable> lost = loop.createFuture();

        Writer(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(Transport t) {
            log.add("w made");
        }

        @Override
        public void connectionLost(Throwable error) {
            log.add("w lost " + (error == null ? null : error.getClass().getSimpleName()));
            lost.setResult(error);
        }
    }

    @Test
    void aPipeCarriesBytesFromTheWriteTransportToTheReadOneInAsyncioOrder() throws IOException {
        List<String> log = new ArrayList<>();
        Pipe pipe = Pipe.open();
        Connected<Reader> r = run(loop.connectReadPipe(() -> new Reader(log), pipe.source()));
        log.add("read connected");
        Connected<Writer> w = run(loop.connectWritePipe(() -> new Writer(log), pipe.sink()));
        log.add("write connected");
        assertSame(pipe.sink(), w.transport().getExtraInfo("pipe"));
        w.transport().write("hello".getBytes(StandardCharsets.UTF_8));
        w.transport().close();
        log.add("closing " + w.transport().isClosing());
        run(w.protocol().lost);
        run(r.protocol().lost);
        assertEquals(
                List.of(
                        "made",
                        "read connected",
                        "w made",
                        "write connected",
                        "closing true",
                        "w lost null",
                        "data hello",
                        "eof",
                        "lost null"),
                log);
        assertFalse(pipe.source().isOpen());
        assertFalse(pipe.sink().isOpen());
    }

    @Test
    void writingToAPipeWhoseReaderIsGoneLosesTheConnectionWithTheError() throws IOException {
        List<String> log = new ArrayList<>();
        Pipe pipe = Pipe.open();
        pipe.source().close();
        Connected<Writer> w = run(loop.connectWritePipe(() -> new Writer(log), pipe.sink()));
        w.transport().write(new byte[] {'x'});
        assertInstanceOf(IOException.class, run(w.protocol().lost));
        assertEquals(List.of("w made", "w lost IOException"), log);
    }

    @Test
    void aWriteThePipeCannotTakeIsBufferedAndFlowControlled() throws IOException {
        List<String> log = new ArrayList<>();
        Pipe pipe = Pipe.open();
        Connected<Writer> w = run(loop.connectWritePipe(
                () -> new Writer(log) {
                    @Override
                    public void pauseWriting() {
                        log.add("pause");
                    }

                    @Override
                    public void resumeWriting() {
                        log.add("resume");
                    }
                },
                pipe.sink()));
        byte[] big = new byte[1 << 20]; // far more than a pipe holds
        w.transport().write(big);
        assertTrue(w.transport().getWriteBufferSize() > 0);
        assertEquals(List.of("w made", "pause"), log);
        Connected<Reader> r = run(loop.connectReadPipe(
                () -> new Reader(new ArrayList<>()) {
                    long got;

                    @Override
                    public void dataReceived(ByteBuffer data) {
                        got += data.remaining();
                        if (got == big.length) {
                            lost.setResult(null);
                        }
                    }

                    @Override
                    public void connectionLost(Throwable error) {
                        // the test closes it
                    }
                },
                pipe.source()));
        run(r.protocol().lost);
        assertEquals(0, w.transport().getWriteBufferSize());
        assertEquals(List.of("w made", "pause", "resume"), log);
        w.transport().close();
        r.transport().close();
        run(w.protocol().lost);
        run(Asyncio.sleep(0));
    }

    @Test
    void aReadPipeCannotWriteAndOnlySelectableChannelsAreAccepted() throws IOException {
        Pipe pipe = Pipe.open();
        Connected<Reader> r = run(loop.connectReadPipe(() -> new Reader(new ArrayList<>()), pipe.source()));
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> r.transport().write(new byte[] {1}));
        assertEquals("a read pipe transport cannot write", e.getMessage());
        IllegalArgumentException wrongEnd = assertThrows(
                IllegalArgumentException.class, () -> loop.connectReadPipe(() -> new Reader(null), pipe.sink()));
        assertTrue(wrongEnd.getMessage()
                .startsWith("EventLoop.connectReadPipe: Pipe transport is for pipes/sockets only"));
        pipe.sink().close();
        run(r.protocol().lost);
        // FileChannel is no SelectableChannel: connectReadPipe(f, fileChannel) does not compile.
        assertFalse(java.nio.channels.SelectableChannel.class.isAssignableFrom(FileChannel.class));
    }
}
