#!/usr/bin/python3
"""A misbehaving network between the app and the backend, for the fault suite.

An HTTP/1.1 proxy on 127.0.0.1 (a free port, printed as "PORT <n>" on stdout) that forwards
each request to the backend on --upstream-port, or — with probability --rate, in an order
fixed by --seed — does one of the things real networks, captive portals and load balancers do
instead:

  redirect_302     302 + Location + an HTML page (a captive portal)
  html_403         403 with an HTML page (a web application firewall)
  html_404         404 with an HTML page (a misrouted reverse proxy)
  unavailable_502  502 with Retry-After: 1 and an HTML page
  unavailable_503  503 with Retry-After: 1 and an HTML page
  reset_before     the connection is reset before the request reaches the backend
  reset_after      the backend applied the request, the client never hears the answer
  stall_before     the connection is held open, nothing is forwarded or answered
  stall_after      forwarded (the backend applied it), the answer is held back
  truncated        the backend's status and headers with the full Content-Length, half the body
  unauthorized_401 a 401 problem+json to a bearer token that has worked before (a token that
                   expired mid-session): the client must refresh
  refresh_502      a token refresh answered 502 (never forwarded)
  refresh_reset    a token refresh reset before it reaches the backend

Token requests (/auth/token) only ever get faults that keep them from the backend: the refresh
token rotates, so a refresh the backend applied but the client never heard would need the
password — that is a different test.

Commands on stdin, one a line: "heal" (rate 0; stalled connections are reset), "rate X",
"stats" (prints "STATS <json>" on stdout). On exit (stdin closed or SIGTERM) the counts go to
stderr and, with --stats-file, into that file as JSON.

Standard library only; run with /usr/bin/python3.
"""
import argparse
import asyncio
import json
import random
import signal
import socket
import struct
import sys

HTML = ("<!DOCTYPE html><html><head><title>{status} {reason}</title></head><body>"
        "<h1>{reason}</h1><p>{text}</p><hr><address>nginx</address></body></html>")

GENERIC_FAULTS = ["redirect_302", "html_403", "html_404", "unavailable_502", "unavailable_503",
                  "reset_before", "reset_after", "stall_before", "stall_after", "truncated"]
BEFORE_FAULTS = ["redirect_302", "html_403", "html_404", "unavailable_502", "unavailable_503",
                 "reset_before", "stall_before"]
REFRESH_FAULTS = ["refresh_502", "refresh_reset"]
HOP_HEADERS = {b"connection", b"keep-alive", b"transfer-encoding", b"content-length", b"proxy-connection",
               b"te", b"trailer", b"upgrade"}
STALL_CAP_SECONDS = 300


class Request:
    def __init__(self, line, headers, body):
        self.line = line
        self.headers = headers  # list of (name, value) bytes, original case
        self.body = body
        parts = line.split(b" ")
        self.method = parts[0] if parts else b""
        self.target = parts[1] if len(parts) > 1 else b"/"
        self.path = self.target.split(b"?", 1)[0]

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def bearer(self):
        value = self.header(b"authorization") or b""
        return value[7:].strip() if value.lower().startswith(b"bearer ") else None

    def is_token_call(self):
        return self.path.endswith(b"/auth/token")

    def is_refresh(self):
        return self.is_token_call() and b"grant_type=refresh_token" in self.body

    def wants_close(self):
        return (self.header(b"connection") or b"").lower() == b"close"


class Proxy:
    def __init__(self, args):
        self.upstream_port = args.upstream_port
        self.rate = args.rate
        self.random = random.Random(args.seed)
        self.stats_file = args.stats_file
        self.counts = {"forwarded": 0, "requests": 0}
        self.ok_tokens = set()     # bearer tokens that got a faithful 2xx answer
        self.refused_tokens = set()  # ... and were then answered 401 once
        self.stalled = set()
        self.healed = asyncio.Event()

    def count(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def faults_for(self, req):
        if req.is_refresh():
            return REFRESH_FAULTS
        if req.is_token_call():
            return BEFORE_FAULTS
        faults = list(GENERIC_FAULTS)
        token = req.bearer()
        if token and token in self.ok_tokens and token not in self.refused_tokens:
            faults.append("unauthorized_401")
        return faults

    def choose(self, req):
        if self.rate <= 0 or self.random.random() >= self.rate:
            return None
        return self.random.choice(self.faults_for(req))

    # --- the connection --------------------------------------------------------------------
    async def serve_client(self, reader, writer):
        try:
            while True:
                req = await read_request(reader)
                if req is None:
                    break
                self.count("requests")
                keep_open = await self.handle(req, reader, writer)
                if not keep_open or req.wants_close():
                    break
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            close(writer)

    async def handle(self, req, reader, writer):
        fault = self.choose(req)
        if fault:
            self.count(fault)
        if fault in ("redirect_302", "html_403", "html_404", "unavailable_502", "unavailable_503", "refresh_502"):
            await send_html(writer, fault)
            return True
        if fault == "unauthorized_401":
            self.refused_tokens.add(req.bearer())
            await send(writer, 401, "Unauthorized",
                       [(b"Content-Type", b"application/problem+json"), (b"WWW-Authenticate", b"Bearer")],
                       json.dumps({"type": "about:blank", "title": "Unauthorized", "status": 401,
                                   "detail": "token expired"}).encode())
            return True
        if fault in ("reset_before", "refresh_reset"):
            reset(writer)
            return False
        if fault == "stall_before":
            await self.stall(reader, writer)
            return False
        status, reason, headers, body = await self.forward(req)
        if status is None:
            await send_html(writer, "unavailable_502")
            return True
        if fault == "reset_after":
            reset(writer)
            return False
        if fault == "stall_after":
            await self.stall(reader, writer)
            return False
        if fault == "truncated":
            writer.write(head(status, reason, headers, len(body)) + body[: len(body) // 2])
            await writer.drain()
            reset(writer)
            return False
        self.counts["forwarded"] += 1
        token = req.bearer()
        if token and 200 <= status < 300:
            self.ok_tokens.add(token)
        await send(writer, status, reason, headers, body)
        return True

    async def stall(self, reader, writer):
        """Hold the connection without a word until the client gives up (its transfer timeout),
        the network heals, or a cap passes."""
        self.stalled.add(writer)
        try:
            client_gone = asyncio.ensure_future(reader.read(65536))
            healed = asyncio.ensure_future(self.healed.wait())
            await asyncio.wait([client_gone, healed], timeout=STALL_CAP_SECONDS,
                               return_when=asyncio.FIRST_COMPLETED)
            for f in (client_gone, healed):
                f.cancel()
        finally:
            self.stalled.discard(writer)
            reset(writer)

    async def forward(self, req):
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            return None, None, None, None
        try:
            headers = [(k, v) for k, v in req.headers if k.lower() not in HOP_HEADERS]
            headers.append((b"Content-Length", str(len(req.body)).encode()))
            headers.append((b"Connection", b"close"))
            up_writer.write(req.line + b"\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in headers)
                            + b"\r\n" + req.body)
            await up_writer.drain()
            return await read_response(up_reader)
        except (ConnectionError, asyncio.IncompleteReadError, OSError, ValueError):
            return None, None, None, None
        finally:
            close(up_writer)

    # --- control ---------------------------------------------------------------------------
    def set_rate(self, rate):
        self.rate = rate
        if rate <= 0:
            self.healed.set()
        else:
            self.healed = asyncio.Event()

    def report(self):
        return json.dumps({"rate": self.rate, "counts": self.counts}, sort_keys=True)

    def write_stats(self):
        text = self.report()
        print("fault_proxy: " + text, file=sys.stderr, flush=True)
        if self.stats_file:
            with open(self.stats_file, "w") as f:
                f.write(text + "\n")


async def read_request(reader):
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = raw[:-4].split(b"\r\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip(), value.strip()))
    req = Request(lines[0], headers, b"")
    if (req.header(b"transfer-encoding") or b"").lower() == b"chunked":
        req.body = await read_chunked(reader)
    else:
        length = int(req.header(b"content-length") or 0)
        req.body = await reader.readexactly(length) if length else b""
    return req


async def read_chunked(reader):
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass
            return body
        body += await reader.readexactly(size)
        await reader.readexactly(2)


async def read_response(reader):
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    status = int(parts[1])
    reason = parts[2].decode("latin-1") if len(parts) > 2 else ""
    headers, chunked, length = [], False, None
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip(), value.strip()
        if name.lower() == b"transfer-encoding" and value.lower() == b"chunked":
            chunked = True
        elif name.lower() == b"content-length":
            length = int(value)
        if name.lower() not in HOP_HEADERS:
            headers.append((name, value))
    if chunked:
        body = await read_chunked(reader)
    elif length is not None:
        body = await reader.readexactly(length)
    else:
        body = await reader.read()
    return status, reason, headers, body


def head(status, reason, headers, length):
    return (b"HTTP/1.1 %d %s\r\n" % (status, reason.encode("latin-1"))
            + b"".join(k + b": " + v + b"\r\n" for k, v in headers)
            + b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n" % length)


async def send(writer, status, reason, headers, body):
    writer.write(head(status, reason, headers, len(body)) + body)
    await writer.drain()


async def send_html(writer, fault):
    status, reason, text, extra = {
        "redirect_302": (302, "Found", "Please sign in to the guest network.",
                         [(b"Location", b"http://127.0.0.1:9/portal/login?from=feedback")]),
        "html_403": (403, "Forbidden", "Request blocked by the web application firewall.", []),
        "html_404": (404, "Not Found", "The requested URL was not found on this server.", []),
        "unavailable_502": (502, "Bad Gateway", "The upstream server is not answering.",
                            [(b"Retry-After", b"1")]),
        "unavailable_503": (503, "Service Unavailable", "Down for maintenance.", [(b"Retry-After", b"1")]),
        "refresh_502": (502, "Bad Gateway", "The upstream server is not answering.", [(b"Retry-After", b"1")]),
    }[fault]
    body = HTML.format(status=status, reason=reason, text=text).encode()
    await send(writer, status, reason, [(b"Content-Type", b"text/html; charset=utf-8")] + extra, body)


def reset(writer):
    """Close with RST, not FIN: what a crashing middlebox or a dropped NAT entry looks like."""
    sock = writer.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()


def close(writer):
    try:
        writer.close()
    except (ConnectionError, OSError, RuntimeError):
        pass


async def control(proxy, stop):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        words = line.decode().split()
        if not words:
            continue
        if words[0] == "heal":
            proxy.set_rate(0.0)
            print("HEALED", flush=True)
        elif words[0] == "rate" and len(words) == 2:
            proxy.set_rate(float(words[1]))
            print("RATE " + words[1], flush=True)
        elif words[0] == "stats":
            print("STATS " + proxy.report(), flush=True)
    stop.set()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.25)
    parser.add_argument("--stats-file")
    args = parser.parse_args()
    proxy = Proxy(args)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    server = await asyncio.start_server(proxy.serve_client, "127.0.0.1", 0)
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    controller = asyncio.ensure_future(control(proxy, stop))  # keep a reference: tasks are weakly held
    await stop.wait()
    controller.cancel()
    server.close()
    proxy.write_stats()


if __name__ == "__main__":
    asyncio.run(main())
