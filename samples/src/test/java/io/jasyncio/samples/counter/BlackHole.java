package io.jasyncio.samples.counter;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A server that accepts connections and reads what they send but never answers: a Redis that
 * hangs. It counts the connections, and signals each command's first bytes and each connection
 * the other side closed, so tests can wait for those events instead of sleeping.
 */
final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Semaphore acceptedSignal = new Semaphore(0);
    private final Semaphore received = new Semaphore(0);
    private final Semaphore closedByPeer = new Semaphore(0);

    BlackHole() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "black hole acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Waits (up to 20 s) until it has accepted {@code n} connections in all, then returns how
     * many it accepted: a client's connect completes before this side's accept returns.
     */
    int awaitAccepted(int n) throws InterruptedException {
        while (accepted.size() < n) {
            if (!acceptedSignal.tryAcquire(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the black hole accepted " + accepted.size() + " connections, not " + n);
            }
        }
        return accepted.size();
    }

    /** Waits (up to 20 s) until {@code n} more reads brought bytes. */
    void awaitReceived(int n) throws InterruptedException {
        if (!received.tryAcquire(n, 20, TimeUnit.SECONDS)) {
            throw new AssertionError("the black hole did not receive " + n + " more command(s) within 20 s");
        }
    }

    /** Waits (up to 20 s) until {@code n} more connections were closed by the other side. */
    void awaitClosedByPeer(int n) throws InterruptedException {
        if (!closedByPeer.tryAcquire(n, 20, TimeUnit.SECONDS)) {
            throw new AssertionError("the other side did not close " + n + " more connection(s) within 20 s");
        }
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.add(s);
                acceptedSignal.release();
                Thread reader = new Thread(() -> swallow(s), "black hole reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void swallow(Socket s) {
        byte[] buffer = new byte[4096];
        try (InputStream in = s.getInputStream()) {
            while (in.read(buffer) > 0) {
                received.release();
            }
            closedByPeer.release();
        } catch (IOException closedHere) {
            // close() closed the socket under the read
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
