package io.jasyncio.samples;

/** The protocol HTTP sample: the same behaviour as the streams one. */
class HttpProtocolServerTest extends HttpServerContract {
    @Override
    Class<?> sample() {
        return HttpProtocolServer.class;
    }
}
