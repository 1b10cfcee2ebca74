package io.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limit rules of {@link StreamReader#readline()} and {@link StreamReader#readuntil}, on a
 * reader fed by hand (no socket). Each expected outcome is what Python 3.11 gives for
 * {@code r = asyncio.StreamReader(limit=10); r.feed_data(...)}, quoted beside the test.
 */
class StreamReaderTest {
    private SelectorEventLoop loop;
    private StreamReader reader;

    @BeforeEach
    void open() throws IOException {
        loop = new SelectorEventLoop();
        reader = new StreamReader(10, null);
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void feed(String s) {
        byte[] d = b(s);
        reader.feedData(d, 0, d.length);
    }

    private IllegalArgumentException readlineFails() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(reader.readline()));
        assertInstanceOf(LimitOverrunError.class, e.getCause());
        return e;
    }

    // feed_data(b"a"*20 + b"\nbbb\n"): readline() raises ValueError('Separator is found, but
    // chunk is longer than limit'), the buffer keeps b'bbb\n', the next readline() gives it.
    @Test
    void overLongLineWithItsNewlineBufferedIsDroppedThroughTheNewline() {
        feed("a".repeat(20) + "\nbbb\n");
        assertEquals(
                "Separator is found, but chunk is longer than limit",
                readlineFails().getMessage());
        assertArrayEquals(b("bbb\n"), loop.runUntilComplete(reader.readline()));
    }

    // feed_data(b"a"*20): ValueError('Separator is not found, and chunk exceed the limit'), the
    // buffer is cleared; after feed_data(b"tail\n") readline() gives b'tail\n'.
    @Test
    void overLongLineWithoutNewlineClearsTheBuffer() {
        feed("a".repeat(20));
        assertEquals(
                "Separator is not found, and chunk exceed the limit",
                readlineFails().getMessage());
        feed("tail\n");
        assertArrayEquals(b("tail\n"), loop.runUntilComplete(reader.readline()));
    }

    // feed_data(b"a"*20 + b"\nbb"): ValueError, buffer b'bb'; after feed_data(b"tail\n")
    // readline() gives b'bbtail\n'.
    @Test
    void bytesAfterTheDroppedLineStartTheNextLine() {
        feed("a".repeat(20) + "\nbb");
        readlineFails();
        feed("tail\n");
        assertArrayEquals(b("bbtail\n"), loop.runUntilComplete(reader.readline()));
    }

    // feed_data(b"a"*15); feed_eof(): the limit wins over end of stream: ValueError, not a
    // partial line.
    @Test
    void overLongLastLineAtEndOfStreamFailsRatherThanReturningAPartialLine() {
        feed("a".repeat(15));
        reader.feedEof();
        assertEquals(
                "Separator is not found, and chunk exceed the limit",
                readlineFails().getMessage());
        assertArrayEquals(new byte[0], loop.runUntilComplete(reader.readline()));
    }

    // feed_data(b"a"*11 + b"\r"); readuntil(b"\r\n") raises LimitOverrunError with consumed 11
    // and leaves the buffer as it was; after feed_data(b"\n") it raises LimitOverrunError('Separator
    // is found, but chunk is longer than limit', 11).
    @Test
    void readuntilOverrunKeepsTheBufferAndReportsWhereTheSearchStopped() {
        feed("a".repeat(11) + "\r");
        LimitOverrunError e =
                assertThrows(LimitOverrunError.class, () -> loop.runUntilComplete(reader.readuntil(b("\r\n"))));
        assertEquals(11, e.consumed());
        // The buffer is intact: once the separator arrives it is found at index 11.
        feed("\n");
        LimitOverrunError found =
                assertThrows(LimitOverrunError.class, () -> loop.runUntilComplete(reader.readuntil(b("\r\n"))));
        assertEquals("Separator is found, but chunk is longer than limit", found.getMessage());
        assertEquals(11, found.consumed());
    }

    // feed_data(b"a"*10 + b"\r"); readuntil(b"\r\n") waits: the trailing b'\r' may begin the
    // separator, so it does not count against the limit; feed_data(b"\n") completes it.
    @Test
    void aPartialSeparatorAtTheLimitWaitsForMoreData() {
        feed("a".repeat(10) + "\r");
        loop.callLater(0.01, () -> feed("\n"));
        assertArrayEquals(b("a".repeat(10) + "\r\n"), loop.runUntilComplete(reader.readuntil(b("\r\n"))));
    }

    // r = asyncio.StreamReader(limit=10); a task awaits r.readuntil(b"\r\n") while
    // feed_data(b"ab\r"), feed_data(b"\nc") arrive one at a time: it returns b'ab\r\n' and
    // b'c' stays buffered. Each wait searches only what it has not searched yet, and a
    // separator split across two feeds is still found.
    @Test
    void aSeparatorSplitAcrossFeedsIsFoundWhileWaiting() {
        var pending = loop.createTask(reader.readuntil(b("\r\n")));
        String[] chunks = {"a", "b", "\r", "\nc"};
        for (int i = 0; i < chunks.length; i++) {
            String chunk = chunks[i];
            loop.callLater(0.001 * (i + 1), () -> feed(chunk));
        }
        assertArrayEquals(b("ab\r\n"), loop.runUntilComplete(pending));
        feed("\n");
        assertArrayEquals(b("c\n"), loop.runUntilComplete(reader.readline()));
    }

    // r = asyncio.StreamReader(limit=1000); r.feed_data(b"ab\ncd"); await r.readline() -> b'ab\n'
    // a task awaits r.readline() while b"e" arrives 300 times, then b"\n": it returns
    // b'cd' + b'e' * 300 + b'\n'. Here the reader's buffer starts small, so the bytes move
    // (to the front, then to a larger array) while the call waits with its search offset.
    @Test
    void aLineArrivingByteByByteWhileTheBufferMovesIsFoundWhole() {
        reader = new StreamReader(1000, null);
        feed("ab\ncd");
        assertArrayEquals(b("ab\n"), loop.runUntilComplete(reader.readline()));
        var pending = loop.createTask(reader.readline());
        for (int i = 0; i < 300; i++) {
            loop.callLater(0.0001 * i, () -> feed("e"));
        }
        loop.callLater(0.05, () -> feed("\nnext"));
        assertArrayEquals(b("cd" + "e".repeat(300) + "\n"), loop.runUntilComplete(pending));
        assertArrayEquals(b("next"), loop.runUntilComplete(reader.read(10)));
    }

    // readexactly and read(n) after a wait: r.feed_data(b"12"); a task awaits
    // r.readexactly(5) while b"345" and b"67" arrive: b'12345'; then r.read(10) -> b'67'.
    @Test
    void readexactlyWaitsAcrossFeedsAndLeavesTheRest() {
        feed("12");
        var pending = loop.createTask(reader.readexactly(5));
        loop.callLater(0.001, () -> feed("345"));
        loop.callLater(0.002, () -> feed("67"));
        assertArrayEquals(b("12345"), loop.runUntilComplete(pending));
        assertArrayEquals(b("67"), loop.runUntilComplete(reader.read(10)));
    }
}
