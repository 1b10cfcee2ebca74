package io.jasyncio.checker;

import java.util.Locale;

/**
 * The checker's options, parsed from the words after the plugin's name in
 * {@code -Xplugin:JasyncioChecker unawaited=error}.
 */
final class CheckerOptions {
    /** What a discarded coroutine gets. */
    enum Severity {
        WARNING,
        ERROR,
        OFF
    }

    final Severity unawaited;

    private CheckerOptions(Severity unawaited) {
        this.unawaited = unawaited;
    }

    /** The defaults: a discarded coroutine is a warning. */
    static final CheckerOptions DEFAULTS = new CheckerOptions(Severity.WARNING);

    /**
     * Parses the plugin's arguments.
     *
     * @param args words of the form {@code key=value}
     * @return the options
     * @throws IllegalArgumentException naming the option that is not understood
     */
    static CheckerOptions parse(String... args) {
        Severity unawaited = DEFAULTS.unawaited;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            if (!key.equals(JasyncioChecker.UNAWAITED)) {
                throw new IllegalArgumentException(
                        "unknown option '" + arg + "'; the options are " + JasyncioChecker.UNAWAITED + "="
                                + JasyncioChecker.WARNING + "|" + JasyncioChecker.ERROR + "|" + JasyncioChecker.OFF);
            }
            try {
                unawaited = Severity.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option " + JasyncioChecker.UNAWAITED + " takes "
                        + JasyncioChecker.WARNING + ", " + JasyncioChecker.ERROR + " or " + JasyncioChecker.OFF
                        + ", not '" + value + "'");
            }
        }
        return new CheckerOptions(unawaited);
    }
}
