package io.jasyncio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client half of {@link StreamsScaleTest}, run in a child JVM so that each process needs
 * only one descriptor per connection: opens N plain blocking sockets to the port given, keeps
 * every one open, then sends one line on each and reads its echo, and only then closes them
 * all. Prints {@code ok N} and exits 0, or prints what went wrong and exits 1.
 *
 * <p>The server greets every connection with one line. After every {@link #PACE} connects the
 * client waits for the newest connection's greeting: the server has then accepted all earlier
 * ones too, so its accept queue (backlog 100) never overflows. An overflow makes the kernel
 * drop the SYN, and the connect would stall for a second or more until it is retried.
 */
final class LoopbackClients {
    private static final int PACE = 50;
    /**
     * Connections per source address: one address's ephemeral ports (28,232 with Linux's
     * default range) would run out at soak size, so past this many each group of clients binds
     * the next loopback address, 127.0.0.2, 127.0.0.3, ... (all of 127/8 is loopback on Linux).
     */
    private static final int PER_SOURCE_ADDRESS = 20_000;

    private LoopbackClients() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        Socket[] sockets = new Socket[n];
        int stage = 0;
        int at = 0;
        try {
            for (at = 0; at < n; at++) {
                Socket s = new Socket();
                sockets[at] = s;
                s.setTcpNoDelay(true);
                if (n > PER_SOURCE_ADDRESS) {
                    s.bind(new InetSocketAddress("127.0.0." + (2 + at / PER_SOURCE_ADDRESS), 0));
                }
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(20_000);
                if (at % PACE == PACE - 1) {
                    expect(sockets[at], "+", at);
                }
            }
            for (at = 0; at < n; at++) {
                if (at % PACE != PACE - 1) {
                    expect(sockets[at], "+", at);
                }
            }
            stage = 1;
            for (at = 0; at < n; at++) {
                sockets[at].getOutputStream().write(("line " + at + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            stage = 2;
            for (at = 0; at < n; at++) {
                expect(sockets[at], "line " + at, at);
            }
        } catch (IOException e) {
            System.out.println("connection " + at + " failed while "
                    + new String[] {"connecting", "sending", "reading echoes"}[stage] + ": " + e);
            System.exit(1);
        }
        for (Socket s : sockets) {
            s.close();
        }
        System.out.println("ok " + n);
    }

    private static void expect(Socket s, String line, int at) throws IOException {
        String got = readLine(s.getInputStream());
        if (!got.equals(line)) {
            System.out.println("connection " + at + " got " + got + " instead of " + line);
            System.exit(1);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("end of stream after " + line);
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
