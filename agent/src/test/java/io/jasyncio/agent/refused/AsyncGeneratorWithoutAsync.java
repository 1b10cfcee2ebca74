package io.jasyncio.agent.refused;

import io.jasyncio.AsyncGenerator;
import io.jasyncio.Yield;

/** Refused: an async generator must be marked @Async, as it must be an 'async def'. Only ever read as bytes. */
public class AsyncGeneratorWithoutAsync {
    static AsyncGenerator<Integer, Void> unmarked() {
        Yield.value(1); // LINE-UNMARKED
        return Yield.end();
    }
}
