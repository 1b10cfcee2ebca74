/**
 * jasyncio's runtime: Python's asyncio in Java.
 *
 * <p>{@code io.jasyncio} is what a Python user finds at {@code asyncio.*}, and
 * {@code io.jasyncio.streams} asyncio's streams; {@code io.jasyncio.abi} holds the few entry
 * points that code rewritten by the jasyncio agent calls. The {@code io.jasyncio.internal}
 * packages (the loop, the transports, the tracer) are the machinery and are not exported.
 */
module io.jasyncio {
    // Optional: JFR events are published only when the module is there (a jlinked image may
    // leave it out, and the runtime has no dependencies it must drag along).
    requires static jdk.jfr;
    // Optional: signal handlers (EventLoop.addSignalHandler) use sun.misc.Signal.
    requires static jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.abi;
    exports io.jasyncio.streams;
}
