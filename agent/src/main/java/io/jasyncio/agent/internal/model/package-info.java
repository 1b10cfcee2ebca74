/**
 * The plain, immutable data the transformer's passes hand to each other: where a method
 * suspends, what it saves there, and the layout of its frame class. {@code explain} prints these
 * records, so what a learner sees is exactly what the agent used.
 */
package io.jasyncio.agent.internal.model;
