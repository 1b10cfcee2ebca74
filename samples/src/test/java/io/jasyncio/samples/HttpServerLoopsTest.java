package io.jasyncio.samples;

/**
 * The HTTP sample on a loop group (one loop per processor), against the contract both one-loop HTTP samples meet: the connection handling is
 * theirs, and spreading the clients over the loops must change none of it.
 */
class HttpServerLoopsTest extends HttpServerContract {
    @Override
    Class<?> sample() {
        return HttpServerLoops.class;
    }
}
