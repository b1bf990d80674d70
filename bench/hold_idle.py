#!/usr/bin/env python3
"""Opens N idle keep-alive client connections to HOST:PORT, each after one completed request,
and holds them until killed. Used by bench/run.sh's idle10k scenario.

usage: hold_idle.py PORT N"""
import asyncio
import sys

PORT, N = int(sys.argv[1]), int(sys.argv[2])


async def hold(i, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(b"GET /idle/%d HTTP/1.1\r\nHost: bench\r\n\r\n" % i)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    ready.append(writer)


async def main():
    ready = []
    sem = asyncio.Semaphore(200)

    async def limited(i):
        async with sem:
            await hold(i, ready)

    await asyncio.gather(*(limited(i) for i in range(N)))
    print(f"holding {len(ready)} idle connections", flush=True)
    await asyncio.Event().wait()


asyncio.run(main())
