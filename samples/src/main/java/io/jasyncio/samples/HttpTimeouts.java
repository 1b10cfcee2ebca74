package io.jasyncio.samples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long the HTTP samples wait for a client, in seconds of loop time; a client that takes
 * longer is disconnected, so slow or silent clients cannot hold connections for ever.
 *
 * @param header for a request's complete head, counted from its first byte (for the first
 *     request of a connection, from the accept: a client that connects and says nothing is
 *     closed after this); a client that runs out of it gets {@code 408} if it had sent part of a
 *     request. It also bounds the lingering close after a final response.
 * @param request for a whole request, head and body, counted as the header timeout
 * @param idle between the end of one response and the first byte of the next request
 * @param write for a response the client does not read: the server's buffer staying over its
 *     high-water mark this long aborts the connection
 */
record HttpTimeouts(double header, double request, double idle, double write) {
    /** The options {@code --header-timeout=S} and so on, with production defaults. */
    static final Map<String, Double> OPTIONS = options();

    private static Map<String, Double> options() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("header-timeout", 10.0);
        m.put("request-timeout", 30.0);
        m.put("idle-timeout", 60.0);
        m.put("write-timeout", 30.0);
        return m;
    }

    /** The timeouts given on the command line, or their defaults. */
    static HttpTimeouts from(ServerArgs args) {
        return new HttpTimeouts(
                args.seconds("header-timeout"),
                args.seconds("request-timeout"),
                args.seconds("idle-timeout"),
                args.seconds("write-timeout"));
    }

    /** The shortest of the four: how often a connection's timer need look at its deadline. */
    double shortest() {
        return Math.min(Math.min(header, request), Math.min(idle, write));
    }
}
