"""W6 peers: the echo and HTTP servers of the jasyncio samples (EchoServer, HttpServer), written
with asyncio streams, run on CPython's asyncio loop or on uvloop.

    python3 servers.py echo|http PORT BACKLOG [--uvloop]

Prints "serving on 127.0.0.1:PORT" once listening; serves until killed. Same behaviour as the
Java samples: echo returns every byte until the client closes; HTTP answers every request with
"Hello, World!" (keep-alive, pipelining, Content-Length bodies skipped, Connection: close).
Streams on both loops, as in the jasyncio samples: uvloop's figures with raw protocols would be
higher, and so would jasyncio's with a protocol-level API it does not have yet.
"""
import asyncio
import sys

BODY = b"Hello, World!"


def response(status, body, close):
    head = (f"HTTP/1.1 {status}\r\nServer: asyncio\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n" + ("Connection: close\r\n" if close else "") + "\r\n")
    return head.encode("ascii") + body


OK = response("200 OK", BODY, False)
OK_CLOSE = response("200 OK", BODY, True)
BAD = response("400 Bad Request", b"", True)


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def parse(head):
    lines = head[:-4].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or parts[2] not in ("HTTP/1.1", "HTTP/1.0"):
        return None
    keep_alive = parts[2] == "HTTP/1.1"
    length = 0
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            return None
        name = name.strip().lower()
        value = value.strip()
        if name == "connection":
            tokens = [t.strip() for t in value.lower().split(",")]
            if "close" in tokens:
                keep_alive = False
            elif "keep-alive" in tokens:
                keep_alive = True
        elif name == "content-length":
            length = int(value)
    return keep_alive, length


async def http(reader, writer):
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                break
            request = parse(head)
            if request is None:
                writer.write(BAD)
                await writer.drain()
                break
            keep_alive, length = request
            if length:
                await reader.readexactly(length)
            writer.write(OK if keep_alive else OK_CLOSE)
            await writer.drain()
            if not keep_alive:
                break
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(kind, port, backlog):
    server = await asyncio.start_server(echo if kind == "echo" else http, "127.0.0.1", port,
                                        backlog=backlog)
    print(f"serving on 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    kind, port, backlog = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if "--uvloop" in sys.argv:
        import uvloop
        uvloop.install()
    try:
        asyncio.run(main(kind, port, backlog))
    except KeyboardInterrupt:
        pass
