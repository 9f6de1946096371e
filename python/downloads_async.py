"""One asyncio task per URL, CPython's third way to wait: each task opens a connection with
asyncio's streams (standard library only), writes an HTTP/1.1 GET and reads the answer to its
end (the site closes the connection after it), as the Rust program's plain-TCP tasks do."""

import asyncio
import time

VARIANT = "asyncio task per URL, plain TCP"


async def get(host, port, path):
    """The body of the page at path, checked to have come with 200 OK."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode())
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), timeout=30)
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200 "):
        raise ValueError(f"{path}: the site answered {head.splitlines()[:1]}")
    return body


def measure(site, paths):
    """Downloads every path at once, one task each, and checks each page against the first.
    Returns the seconds they took and the most that were waiting at once."""
    host, port = site.rsplit(":", 1)
    waiting = {"now": 0, "peak": 0}

    async def download(path, page):
        waiting["now"] += 1
        waiting["peak"] = max(waiting["peak"], waiting["now"])
        try:
            body = await get(host, port, path)
        finally:
            waiting["now"] -= 1
        if body != page:
            raise ValueError(f"{path}: the page came back wrong ({len(body)} bytes)")

    async def all_at_once():
        page = await get(host, port, "/page/first")
        start = time.perf_counter()
        # gather, like a TaskGroup, runs each coroutine as a task of its own.
        await asyncio.gather(*(download(path, page) for path in paths))
        return time.perf_counter() - start

    return asyncio.run(all_at_once()), waiting["peak"]
