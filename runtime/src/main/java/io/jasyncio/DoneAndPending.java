package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending.
 *
 * <p>{@code done} lists futures in the order {@code wait} saw them complete, followed by any
 * that completed too late to be seen, in argument order; {@code pending} is in argument order.
 *
 * @param done the futures done (finished, failed or cancelled) when the wait returned
 * @param pending the futures not done yet
 * @apiNote Mirrors the {@code (done, pending)} tuple of sets {@code asyncio.wait} returns.
 *     Python's sets have no order; these iterate in a documented, deterministic one.
 */
public record DoneAndPending(Set<Future<?>> done, Set<Future<?>> pending) {}
