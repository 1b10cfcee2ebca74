package io.jasyncio.benchmarks;

import java.util.concurrent.ThreadFactory;

/**
 * Java virtual threads, reached by reflection because this module compiles for Java 17 (and the
 * build runs on JDK 17): only {@code Thread.ofVirtual().factory()} is looked up; everything
 * else is Java 17 API ({@code ThreadFactory}, {@code Thread.yield}, {@code LockSupport}).
 * Callers run on JDK 21 or later, with one carrier thread
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1}).
 */
final class VirtualThreads {
    /** The JVM flags that give the virtual-thread scheduler one carrier. */
    static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

    static final String ONE_CARRIER_MAX = "-Djdk.virtualThreadScheduler.maxPoolSize=1";

    private VirtualThreads() {}

    /**
     * A factory of virtual threads.
     *
     * @return {@code Thread.ofVirtual().factory()}
     * @throws UnsupportedOperationException before JDK 21
     */
    static ThreadFactory factory() {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later; this is JDK " + feature
                    + " (run.sh runs this part under /usr/lib/jvm/temurin-25-jdk-amd64)");
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder")
                    .getMethod("factory")
                    .invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Thread.ofVirtual().factory() failed", e);
        }
    }
}
