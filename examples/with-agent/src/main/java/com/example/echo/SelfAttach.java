package com.example.echo;

import io.jasyncio.agent.JasyncioAgent;

/** Starts App with the agent attached from inside the program, for a JVM started without -javaagent. */
public final class SelfAttach {
    private SelfAttach() {}

    public static void main(String[] args) {
        JasyncioAgent.install(); // before any class with coroutines is loaded
        App.main(args);
    }
}
