package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.sleep;

/** Shape 17, refused: a constructor cannot suspend. Only ever read as bytes. */
public class AwaitInConstructor {
    final Object value;

    public AwaitInConstructor() {
        value = await(sleep(1, "x")); // LINE-CTOR
    }
}
