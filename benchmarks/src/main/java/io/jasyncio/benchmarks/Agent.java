package io.jasyncio.benchmarks;

/**
 * Where the forks find the jasyncio agent. Every benchmark class's {@code @Fork} appends
 * {@link #JVM_ARG}, so a fork never runs {@code @Async} code un-rewritten; the path there is the
 * default, relative to the working directory ({@code benchmarks/}). {@link BenchmarkMain}
 * replaces it with the absolute path of the system property {@value #PROPERTY} (or of the
 * default, resolved against the working directory) and stops early, with a message, if the jar
 * is not there.
 */
final class Agent {
    /** The system property naming the agent jar. */
    static final String PROPERTY = "jasyncio.agent";
    /** The agent jar, relative to {@code benchmarks/}. */
    static final String DEFAULT_PATH = "../agent/target/jasyncio-agent.jar";
    /** What {@code @Fork(jvmArgsAppend = ...)} adds to every fork. */
    static final String JVM_ARG = "-javaagent:" + DEFAULT_PATH;

    /**
     * The heap of every fork: fixed, so that no benchmark measures heap resizing, and large
     * enough for W2's million tasks.
     */
    static final String XMS = "-Xms4g";

    static final String XMX = "-Xmx4g";

    private Agent() {}
}
