package io.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of {@code accept} pause a listening socket: asyncio's EMFILE, ENFILE, ENOBUFS
 * and ENOMEM, which the JDK reports only by their C library texts. (The pause itself is attacked
 * in the reliability suite, in a child JVM out of descriptors.)
 */
class SocketServerAcceptTest {
    @Test
    void onlyTheResourceErrorsAsyncioPausesOnPauseAccepting() {
        assertTrue(SocketServer.outOfResources(new IOException("Too many open files")));
        assertTrue(SocketServer.outOfResources(new IOException("Too many open files in system")));
        assertTrue(SocketServer.outOfResources(new IOException("No buffer space available")));
        assertTrue(SocketServer.outOfResources(new IOException("Cannot allocate memory")));
        assertFalse(SocketServer.outOfResources(new IOException("Connection reset by peer")));
        assertFalse(SocketServer.outOfResources(new IOException()));
    }
}
