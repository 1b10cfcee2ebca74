package io.jasyncio.internal.trace;

/**
 * Whether a JFR recording wants jasyncio's events, as a flag every loop reads once per
 * iteration. This class never touches {@code jdk.jfr} itself, so the runtime works on a JDK
 * image without that module (the module-info only {@code requires static jdk.jfr}).
 *
 * <p>A listener on the flight recorder keeps the flag current. Registering it loads much of
 * JFR (about 15 ms), so the runtime registers it only when JFR is already up when the first
 * loop is created ({@code -XX:StartFlightRecording}, or a {@code Recording} started in the
 * process before), or when the system property {@code jasyncio.jfr} is {@code true}.
 */
public final class JfrSwitch {
    /** True while a running recording has {@code io.jasyncio.TaskStep} enabled. */
    private static volatile boolean on;

    private static volatile boolean installed;

    private JfrSwitch() {}

    /**
     * Whether JFR wants jasyncio's events now.
     *
     * @return the flag
     */
    public static boolean on() {
        return on;
    }

    static void set(boolean value) {
        on = value;
    }

    /**
     * Installs the recorder listener if JFR is present and either running or asked for by
     * {@code -Djasyncio.jfr=true}; until it is installed, every new loop looks again (a static
     * read of the recorder's state). Cheap after it is installed.
     */
    public static void init() {
        if (installed) {
            return;
        }
        synchronized (JfrSwitch.class) {
            if (installed) {
                return;
            }
            if (JfrSwitch.class.getModule().isNamed()
                    && ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
                installed = true; // never there: stop looking
                return;
            }
            try {
                Class.forName("jdk.jfr.FlightRecorder", false, JfrSwitch.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                installed = true;
                return;
            }
            installed = JfrListener.installIfWanted(Boolean.getBoolean("jasyncio.jfr"));
        }
    }
}
