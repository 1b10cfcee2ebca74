package io.jasyncio.agent.refused;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.sleep;

/** Shape 17, refused: a static initialiser cannot suspend. Only ever read as bytes. */
public class AwaitInStaticInitializer {
    static final Object VALUE;

    static {
        VALUE = await(sleep(1, "x")); // LINE-CLINIT
    }
}
