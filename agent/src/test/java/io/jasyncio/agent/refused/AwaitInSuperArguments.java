package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.sleep;

/** Shape 17, refused: the arguments of super(...) run before the object exists. Only ever read as bytes. */
public class AwaitInSuperArguments extends Exception {
    private static final long serialVersionUID = 1L;

    public AwaitInSuperArguments() {
        super((String) await(sleep(1, "message"))); // LINE-SUPER
    }
}
