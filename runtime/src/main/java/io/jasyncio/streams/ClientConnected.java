package io.jasyncio.streams;

import io.jasyncio.Coroutine;

/**
 * The coroutine function a server runs for each client, as a task of its own.
 *
 * @apiNote Mirrors the {@code client_connected_cb} of {@code asyncio.start_server}; jasyncio
 *     accepts only a coroutine function, not a plain callback.
 */
@FunctionalInterface
public interface ClientConnected {
    /**
     * Creates the coroutine serving one client. An exception it ends with goes to the loop's
     * exception handler and closes that client's connection; the server keeps serving.
     *
     * @param reader the client's incoming bytes
     * @param writer the client's outgoing bytes
     * @return the coroutine
     */
    Coroutine<Void> handle(StreamReader reader, StreamWriter writer);
}
