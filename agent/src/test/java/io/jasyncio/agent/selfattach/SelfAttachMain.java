package io.jasyncio.agent.selfattach;

import io.jasyncio.agent.JasyncioAgent;

/** A program that cannot pass -javaagent: it attaches the agent itself, then loads its coroutines. */
public final class SelfAttachMain {
    private SelfAttachMain() {}

    public static void main(String[] args) throws Exception {
        JasyncioAgent.install();
        // Loaded only now, after the agent is in place.
        Class.forName("io.jasyncio.agent.selfattach.Coroutines")
                .getMethod("main")
                .invoke(null);
    }
}
