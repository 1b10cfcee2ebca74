package io.jasyncio.agent.internal;

/**
 * Receives what the agent did with each class, mirroring Byte Buddy's
 * {@code AgentBuilder.Listener}. The default logs through {@link System.Logger}: failures at
 * ERROR (they name class, method and line), rewritten classes at DEBUG.
 */
public interface Listener {
    /**
     * A class was rewritten.
     *
     * @param className its internal name
     */
    void onTransformed(String className);

    /**
     * A class could not be rewritten; it is loaded unchanged.
     *
     * @param className its internal name
     * @param error why
     */
    void onError(String className, Throwable error);

    /**
     * A class file is newer than the bundled ASM can read; it is loaded unchanged. Reported once
     * per run.
     *
     * @param className the first such class
     * @param majorVersion its class-file major version
     */
    void onUnsupportedVersion(String className, int majorVersion);

    /**
     * The default listener, logging to {@code System.getLogger("io.jasyncio.agent")}.
     *
     * @return the listener
     */
    static Listener logging() {
        System.Logger log = System.getLogger("io.jasyncio.agent");
        return new Listener() {
            @Override
            public void onTransformed(String className) {
                log.log(System.Logger.Level.DEBUG, "rewrote coroutines of {0}", className.replace('/', '.'));
            }

            @Override
            public void onUnsupportedVersion(String className, int majorVersion) {
                log.log(
                        System.Logger.Level.WARNING,
                        "jasyncio cannot read class file version " + majorVersion
                                + " (first seen in " + className.replace('/', '.')
                                + "); such classes are loaded unchanged,"
                                + " and their @Async methods will fail at their first await. Use a newer jasyncio agent.");
            }

            @Override
            public void onError(String className, Throwable error) {
                log.log(
                        System.Logger.Level.ERROR,
                        "jasyncio could not rewrite " + className.replace('/', '.') + ": " + error.getMessage(),
                        error instanceof io.jasyncio.agent.internal.transform.TransformException ? null : error);
            }
        };
    }
}
