/**
 * The plain, immutable data the transformer's steps hand to each other: what a method is
 * ({@code MethodKind}), where it suspends, what it saves there, and the layout of its frame class. {@code explain} prints these
 * records, so what a learner sees is exactly what the agent used.
 */
package io.jasyncio.agent.internal.model;
