package io.jasyncio.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the server samples: {@code [port [host [backlog]]]} (the order the
 * benchmarks rely on) and any number of {@code --NAME=SECONDS} timeouts, anywhere. Each sample
 * names the timeouts it knows, with their defaults; an unknown name or a value that is not a
 * positive number of seconds is refused with a message naming the sample and what it accepts.
 */
final class ServerArgs {
    final int port;
    final String host;
    final int backlog;
    private final Map<String, Double> seconds;

    private ServerArgs(int port, String host, int backlog, Map<String, Double> seconds) {
        this.port = port;
        this.host = host;
        this.backlog = backlog;
        this.seconds = seconds;
    }

    /**
     * Reads the command line.
     *
     * @param sample the sample's name, for messages
     * @param args the arguments given to {@code main}
     * @param defaultPort the port when none is given
     * @param timeouts each timeout the sample knows, by name without {@code --}, with its default
     *     in seconds
     * @return the settings
     * @throws IllegalArgumentException for an unknown option, a bad number or too many arguments
     */
    static ServerArgs parse(String sample, String[] args, int defaultPort, Map<String, Double> timeouts) {
        Map<String, Double> seconds = new LinkedHashMap<>(timeouts);
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (eq < 0 || !seconds.containsKey(name)) {
                throw new IllegalArgumentException(
                        sample + ": unknown option " + arg + "; it takes [port [host [backlog]]]" + usage(timeouts));
            }
            double value;
            try {
                value = Double.parseDouble(arg.substring(eq + 1));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(
                        sample + ": " + arg + " must be a positive number of seconds" + usage(timeouts));
            }
            seconds.put(name, value);
        }
        if (positional.size() > 3) {
            throw new IllegalArgumentException(sample + ": too many arguments " + positional
                    + "; it takes [port [host [backlog]]]" + usage(timeouts));
        }
        int port = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : defaultPort;
        String host = positional.size() > 1 ? positional.get(1) : "127.0.0.1";
        int backlog = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 100;
        return new ServerArgs(port, host, backlog, seconds);
    }

    private static String usage(Map<String, Double> timeouts) {
        StringBuilder s = new StringBuilder();
        timeouts.forEach((name, value) ->
                s.append(" [--").append(name).append('=').append(value).append(']'));
        return s.length() == 0 ? "" : " and" + s;
    }

    /** The timeout {@code name} in seconds (its default unless given). */
    double seconds(String name) {
        Double value = seconds.get(name);
        if (value == null) {
            throw new IllegalArgumentException("ServerArgs.seconds: no timeout named " + name);
        }
        return value;
    }
}
