package io.jasyncio.agent.refused;

import io.jasyncio.Async;
import io.jasyncio.AsyncGenerator;
import io.jasyncio.Yield;

/** Refused, as Python's SyntaxError: an async generator cannot return a value. Only ever read as bytes. */
public class ReturnValueInAsyncGenerator {
    @Async
    @SuppressWarnings({"unchecked", "rawtypes"})
    static AsyncGenerator<Integer, Void> returnsFive() {
        Yield.value(1);
        return (AsyncGenerator) (Object) Yield.result(5); // LINE-RETURN-VALUE
    }
}
