package io.jasyncio.samples;

/**
 * Request heads that a strict HTTP/1.1 server refuses with {@code 400} (RFC 9112), most of them
 * the shapes of request smuggling: a front end and a back end that read them differently
 * disagree on where one request ends. Shared by the parser's unit test and the servers'
 * contract.
 */
final class HttpSmuggling {
    private HttpSmuggling() {}

    /** Complete heads, each ending with its CR LF CR LF. */
    static final String[] BAD_HEADS = {
        // Two lengths: which one wins decides where the next request starts.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n",
        // Whitespace before the colon: RFC 9112 5.1 requires 400.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 5\r\n\r\n",
        // Content-Length is 1*DIGIT, nothing else.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
        // Transfer-Encoding with Content-Length, in HTTP/1.0, or without chunked last.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
        // A line folded onto the previous one (obs-fold).
        "POST / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n Content-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n",
        // Bare CR and bare LF, control characters.
        "POST / HTTP/1.1\r\nHost: a\r\nX-A: b\rContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nX-A: b\nContent-Length: 5\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n",
        "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n",
        // Field names that are not tokens.
        "GET / HTTP/1.1\r\nHost: a\r\nContent Length: 5\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n: 5\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX\u00e9: 1\r\n\r\n",
        // Host: missing in HTTP/1.1, twice, or not a host.
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",
        // The request-line: one space each, a target, HTTP/d.d.
        "NONSENSE\r\n\r\n",
        "GET /\r\nHost: a\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n",
        "GET / http/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/2\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.10\r\nHost: a\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    };
}
