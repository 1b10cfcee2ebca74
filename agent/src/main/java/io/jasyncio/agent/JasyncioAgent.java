package io.jasyncio.agent;

import io.jasyncio.agent.internal.AsyncClassFileTransformer;
import io.jasyncio.agent.internal.Listener;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:jasyncio-agent.jar} calls {@link #premain}, a
 * dynamic attach calls {@link #agentmain}. Either installs the transformer that rewrites every
 * {@code @Async} method of every class loaded afterwards.
 */
public final class JasyncioAgent {
    private static volatile boolean installed;

    private JasyncioAgent() {
    }

    /**
     * Called by the JVM before {@code main} when started with {@code -javaagent}.
     *
     * @param args the agent's options (none are defined yet)
     * @param inst the instrumentation service
     */
    public static void premain(String args, Instrumentation inst) {
        install(inst);
    }

    /**
     * Called when the agent is attached to a running JVM. Classes loaded before the attach are
     * not rewritten (their shape cannot change), so attach before any coroutine class loads.
     *
     * @param args the agent's options (none are defined yet)
     * @param inst the instrumentation service
     */
    public static void agentmain(String args, Instrumentation inst) {
        install(inst);
    }

    private static synchronized void install(Instrumentation inst) {
        if (installed) {
            return;
        }
        installed = true;
        inst.addTransformer(new AsyncClassFileTransformer(Listener.logging()), false);
    }
}
