package io.jasyncio.reliability;

/**
 * The size of every attack: CI size on every build, full size when the system property
 * {@code jasyncio.soak} is {@code true} (the project's one switch for heavy tests; {@code mvn -B
 * verify -Djasyncio.soak=true}). Each attack states both sizes where it calls {@link #pick}, so
 * the README's table can be checked against the code.
 */
final class Scale {
    /** Whether the attacks run at full size. */
    static final boolean SOAK = "true".equals(System.getProperty("jasyncio.soak"));

    private Scale() {}

    /** {@code ci} on every build, {@code full} under {@code -Djasyncio.soak=true}. */
    static int pick(int ci, int full) {
        return SOAK ? full : ci;
    }

    /** {@code ci} on every build, {@code full} under {@code -Djasyncio.soak=true}. */
    static long pick(long ci, long full) {
        return SOAK ? full : ci;
    }

    /** "CI" or "full", for figures. */
    static String name() {
        return SOAK ? "full" : "CI";
    }
}
