package io.jasyncio.agent;

import io.jasyncio.agent.internal.AsyncClassFileTransformer;
import io.jasyncio.agent.internal.Listener;
import io.jasyncio.agent.internal.Preload;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent's entry points: {@code -javaagent:jasyncio-agent.jar} calls {@link #premain}, a
 * dynamic attach calls {@link #agentmain}. Either installs the transformer that rewrites every
 * {@code @Async} method of every class loaded afterwards.
 *
 * <p>Options, after the jar's name: {@code -javaagent:jasyncio-agent.jar=dump=DIR} also writes
 * every rewritten class file under {@code DIR}, to read with {@code javap -c -p}.
 *
 * <p>For programs and tests that cannot pass {@code -javaagent}, {@link #install()} attaches the
 * agent to the running JVM, before any coroutine class is loaded.
 *
 * <p>Start-up: {@link #premain} loads no Byte Buddy class (only {@link #install()} needs it) and
 * starts {@link Preload}, which loads the transformer's later classes on another thread while the
 * first class is rewritten; {@code benchmarks/README.md} ("Start-up") has the figures.
 */
public final class JasyncioAgent {
    private static volatile boolean installed;

    private JasyncioAgent() {}

    /**
     * Called by the JVM before {@code main} when started with {@code -javaagent}.
     *
     * @param args the agent's options (none are defined yet)
     * @param inst the instrumentation service
     */
    public static void premain(String args, Instrumentation inst) {
        install(inst, args);
    }

    /**
     * Called when the agent is attached to a running JVM. Classes loaded before the attach are
     * not rewritten (their shape cannot change), so attach before any coroutine class loads.
     *
     * @param args the agent's options; {@code ps=FILE}, given by the {@code ps} and
     *     {@code pstree} commands, writes a dump of the JVM's tasks to {@code FILE} instead
     * @param inst the instrumentation service
     */
    public static void agentmain(String args, Instrumentation inst) {
        if (args != null && args.startsWith("ps=")) {
            // Loaded by `ps`/`pstree` to dump the tasks: no transformer.
            io.jasyncio.agent.inspect.TargetDump.write(inst, Path.of(args.substring("ps=".length())));
            return;
        }
        install(inst, args);
    }

    /**
     * Attaches the agent to this JVM through Byte Buddy's self-attach, unless it is attached
     * already. Call it first thing in {@code main} (or in a test's static initialiser), before any
     * class with coroutines is loaded: classes loaded earlier keep their original code.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     JasyncioAgent.install();
     *     App.main2(args);        // coroutine classes are loaded from here on
     * }
     * }</pre>
     *
     * <p>On JDK 21 and later the JVM prints a warning when an agent is loaded into a running JVM;
     * {@code -XX:+EnableDynamicAgentLoading} silences it (and {@code -javaagent} avoids it).
     *
     * @throws IllegalStateException if this JVM cannot attach to itself (for example a JRE
     *     without the {@code jdk.attach} module)
     */
    public static void install() {
        if (!installed) {
            install(ByteBuddyAgent.install(), null);
        }
    }

    private static synchronized void install(Instrumentation inst, String args) {
        if (installed) {
            return;
        }
        installed = true;
        Preload.start();
        Path dump = null;
        if (args != null) {
            for (String option : args.split(",")) {
                if (option.startsWith("dump=")) {
                    dump = Path.of(option.substring("dump=".length()));
                } else if (!option.isBlank()) {
                    System.getLogger("io.jasyncio.agent")
                            .log(System.Logger.Level.WARNING, "unknown jasyncio agent option ignored: " + option);
                }
            }
        }
        inst.addTransformer(new AsyncClassFileTransformer(Listener.logging(), dump), false);
    }
}
