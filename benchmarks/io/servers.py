"""W6 peers: the echo and HTTP servers of the jasyncio samples (EchoServer, HttpServer), written
with asyncio streams, run on CPython's asyncio loop or on uvloop.

    python3 servers.py echo|http PORT BACKLOG [--uvloop] [--protocol]

Prints "serving on 127.0.0.1:PORT" once listening; serves until killed. Same behaviour as the
Java samples: echo returns every byte until the client closes; HTTP answers every request with
"Hello, World!" (keep-alive, pipelining, Content-Length bodies skipped, Connection: close).
By default on streams, as the jasyncio samples EchoServer and HttpServer; with --protocol on
asyncio.Protocol callbacks (no coroutine per connection), as jasyncio's EchoProtocolServer and
the fastest figures uvloop publishes.
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


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)

    # A peer that does not read makes write() buffer: stop reading it until the buffer drains,
    # which is what drain() does for the streams servers.
    def pause_writing(self):
        self.transport.pause_reading()

    def resume_writing(self):
        self.transport.resume_reading()


class HttpProtocol(EchoProtocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = bytearray()
        self.body_left = 0

    def data_received(self, data):
        buf = self.buffer
        buf += data
        replies = []
        while True:
            if self.body_left:
                skip = min(self.body_left, len(buf))
                del buf[:skip]
                self.body_left -= skip
                if self.body_left:
                    break
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                if len(buf) > 16 * 1024:
                    replies.append(BAD)
                    self.transport.write(b"".join(replies))
                    self.transport.close()
                    return
                break
            request = parse(bytes(buf[:end + 4]))
            del buf[:end + 4]
            if request is None:
                replies.append(BAD)
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
            keep_alive, self.body_left = request
            replies.append(OK if keep_alive else OK_CLOSE)
            if not keep_alive:
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
        if replies:
            self.transport.write(b"".join(replies) if len(replies) > 1 else replies[0])


async def main(kind, port, backlog, protocol):
    if protocol:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(EchoProtocol if kind == "echo" else HttpProtocol,
                                          "127.0.0.1", port, backlog=backlog)
    else:
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
        asyncio.run(main(kind, port, backlog, "--protocol" in sys.argv))
    except KeyboardInterrupt:
        pass
