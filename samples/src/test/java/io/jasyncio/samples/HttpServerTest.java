package io.jasyncio.samples;

/** The streams HTTP sample, against the contract both HTTP samples share. */
class HttpServerTest extends HttpServerContract {
    @Override
    Class<?> sample() {
        return HttpServer.class;
    }
}
