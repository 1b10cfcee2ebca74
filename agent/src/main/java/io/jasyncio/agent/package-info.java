/**
 * The agent's front ends: {@link io.jasyncio.agent.JasyncioAgent} ({@code premain} and
 * {@code agentmain}) and {@link io.jasyncio.agent.Main} (the command line). The transformer
 * itself lives in {@code io.jasyncio.agent.internal.transform}, one class per pass.
 */
package io.jasyncio.agent;
