package io.jasyncio.samples;

/**
 * What the HTTP samples need from one request head, parsed strictly by RFC 9112: anything a
 * lenient parser might read one way and a proxy in front of it another way (the shapes of
 * request smuggling) is refused rather than guessed at. Both {@link HttpServer} and {@link
 * HttpProtocolServer} use it, so they accept and refuse exactly the same requests; so does the
 * counter service ({@code io.jasyncio.samples.counter.HttpRequest}).
 *
 * <p>Refused with {@code 400}: a request-line that is not {@code token SP target SP
 * HTTP/d.d CRLF} (one space each, no control characters or spaces in the target); a field name
 * that is not a token, including whitespace before the colon ({@code Content-Length : 5}) and a
 * line folded onto the previous one (obs-fold: a line starting with a space or tab); a control
 * character in a field value, a bare CR or a bare LF anywhere; a {@code Content-Length} that is not
 * {@code 1*DIGIT} ({@code +5}, {@code -1}, {@code 5 5}, {@code 0x5}, over 18 digits), and two of
 * them that differ (also as one comma list, {@code 5, 6}); {@code Transfer-Encoding} together
 * with {@code Content-Length}, in an HTTP/1.0 request, or without {@code chunked} last; an
 * HTTP/1.1 request with no {@code Host}, and any request with two. Refused with {@code 501}: a
 * well-formed chunked body, which these samples do not decode (RFC 9112 lets a server refuse a
 * transfer coding it does not implement). Refused with {@code 505}: an HTTP major version other
 * than 1. The caller enforces the head's size ({@code 431}).
 *
 * @param status 0 if the request can be served, else the status to refuse it with (400, 501
 *     or 505), after which the connection closes
 * @param keepAlive whether the connection stays open after the response (HTTP/1.1 unless
 *     {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive})
 * @param contentLength the length of the body that follows the head
 */
public record HttpRequestHead(int status, boolean keepAlive, long contentLength) {
    static final int BAD_REQUEST = 400;
    static final int NOT_IMPLEMENTED = 501;
    static final int VERSION_NOT_SUPPORTED = 505;

    private static final HttpRequestHead BAD = new HttpRequestHead(BAD_REQUEST, false, 0);
    /** Longest Content-Length accepted, so that the value fits a long with room to spare. */
    private static final int MAX_LENGTH_DIGITS = 18;

    /** Whether the request can be served (else {@link #status()} says how to refuse it). */
    public boolean ok() {
        return status == 0;
    }

    /**
     * Parses the head {@code b[from, to)}, which ends with the first CR LF CR LF of the request.
     *
     * @param b the bytes
     * @param from index of the head's first byte
     * @param to index just past the head's final CR LF CR LF
     * @return the request, or a refusal
     */
    public static HttpRequestHead parse(byte[] b, int from, int to) {
        if (to - from < 4 || !isCrLf(b, to - 4, to) || !isCrLf(b, to - 2, to)) {
            return BAD;
        }
        int i = from;
        // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request-line.
        if (isCrLf(b, i, to)) {
            i += 2;
        }
        int methodStart = i;
        while (isTchar(b[i])) {
            i++;
        }
        if (i == methodStart || b[i] != ' ') {
            return BAD;
        }
        int targetStart = ++i;
        while (b[i] > ' ' && b[i] < 0x7f) { // visible ASCII; bytes >= 0x80 are negative
            i++;
        }
        if (i == targetStart || b[i] != ' ') {
            return BAD;
        }
        i++;
        if (to - i < 10
                || b[i] != 'H'
                || b[i + 1] != 'T'
                || b[i + 2] != 'T'
                || b[i + 3] != 'P'
                || b[i + 4] != '/'
                || !isDigit(b[i + 5])
                || b[i + 6] != '.'
                || !isDigit(b[i + 7])
                || !isCrLf(b, i + 8, to)) {
            return BAD;
        }
        if (b[i + 5] != '1') {
            return new HttpRequestHead(VERSION_NOT_SUPPORTED, false, 0);
        }
        // HTTP/1.2 and later minors are served as 1.1 (RFC 9110 6.2).
        boolean http11 = b[i + 7] != '0';
        return parseFields(b, i + 10, to, http11);
    }

    /** Parses the field lines from {@code i} to the final empty line. */
    private static HttpRequestHead parseFields(byte[] b, int i, int to, boolean http11) {
        boolean keepAlive = http11;
        long contentLength = -1;
        boolean transferEncoding = false;
        boolean chunkedLast = false;
        int hosts = 0;
        while (!isCrLf(b, i, to)) {
            int nameStart = i;
            while (isTchar(b[i])) {
                i++;
            }
            // An empty name is a line starting with SP or HTAB (obs-fold) or a colon.
            if (i == nameStart || b[i] != ':') {
                return BAD;
            }
            int nameEnd = i++;
            while (b[i] == ' ' || b[i] == '\t') {
                i++;
            }
            int valueStart = i;
            int valueEnd = i;
            for (; b[i] != '\r'; i++) {
                int c = b[i] & 0xff;
                if (c > ' ' && c != 0x7f) {
                    valueEnd = i + 1; // trailing whitespace is not part of the value
                } else if (c != ' ' && c != '\t') {
                    return BAD; // LF, NUL and the other controls
                }
            }
            if (!isCrLf(b, i, to)) {
                return BAD; // a bare CR
            }
            i += 2;
            if (nameIs(b, nameStart, nameEnd, "content-length")) {
                long n = contentLength(b, valueStart, valueEnd);
                if (n < 0 || contentLength >= 0 && n != contentLength) {
                    return BAD;
                }
                contentLength = n;
            } else if (nameIs(b, nameStart, nameEnd, "transfer-encoding")) {
                transferEncoding = true;
                chunkedLast = lastTokenIs(b, valueStart, valueEnd, "chunked");
            } else if (nameIs(b, nameStart, nameEnd, "host")) {
                if (++hosts > 1 || !isHost(b, valueStart, valueEnd)) {
                    return BAD;
                }
            } else if (nameIs(b, nameStart, nameEnd, "connection")) {
                if (hasToken(b, valueStart, valueEnd, "close")) {
                    keepAlive = false;
                } else if (!http11 && hasToken(b, valueStart, valueEnd, "keep-alive")) {
                    keepAlive = true;
                }
            }
        }
        if (i + 2 != to || http11 && hosts == 0) {
            return BAD;
        }
        if (transferEncoding) {
            // RFC 9112 6.1 and 6.3: with Content-Length it is a smuggling attempt; in HTTP/1.0
            // or without chunked last the body's length cannot be known.
            if (contentLength >= 0 || !http11 || !chunkedLast) {
                return BAD;
            }
            return new HttpRequestHead(NOT_IMPLEMENTED, false, 0);
        }
        return new HttpRequestHead(0, keepAlive, Math.max(0, contentLength));
    }

    /**
     * The value of a Content-Length field: {@code 1*DIGIT}, or a comma list of equal ones
     * (RFC 9110 8.6); -1 if it is anything else.
     */
    private static long contentLength(byte[] b, int from, int to) {
        long value = -1;
        int i = from;
        while (true) {
            int digits = i;
            long n = 0;
            while (i < to && isDigit(b[i])) {
                n = n * 10 + (b[i++] - '0');
            }
            if (i == digits || i - digits > MAX_LENGTH_DIGITS || value >= 0 && n != value) {
                return -1;
            }
            value = n;
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i == to) {
                return value;
            }
            if (b[i++] != ',') {
                return -1;
            }
            while (i < to && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
        }
    }

    /** Whether the comma list {@code b[from, to)} has {@code token}, ignoring case. */
    private static boolean hasToken(byte[] b, int from, int to, String token) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                if (trimmedIs(b, start, i, token)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** Whether the last element of the comma list {@code b[from, to)} is {@code token}. */
    private static boolean lastTokenIs(byte[] b, int from, int to, String token) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                start = i + 1;
            }
        }
        return trimmedIs(b, start, to, token);
    }

    private static boolean trimmedIs(byte[] b, int from, int to, String token) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return nameIs(b, from, to, token);
    }

    /** Whether {@code b[from, to)} is {@code lowerCase}, ignoring ASCII case. */
    private static boolean nameIs(byte[] b, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code b[from, to)} is a Host value: {@code uri-host [":" port]} (RFC 9112 3.2), by
     * its characters; empty is allowed.
     */
    private static boolean isHost(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i];
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || isDigit(b[i])
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCrLf(byte[] b, int i, int to) {
        return i + 1 < to && b[i] == '\r' && b[i + 1] == '\n';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 5.6.2: {@code tchar}, the characters of a token. */
    private static boolean isTchar(byte c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c > 0 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
