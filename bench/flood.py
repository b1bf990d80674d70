#!/usr/bin/env python3
"""A connection flood against a balancer, from this host: IDLE connections that send nothing and
TRICKLE connections that send a request head one byte every 2 s (slowloris), all held until
stdin closes (or HOLD seconds pass), then closed. Connections the server closes are counted, not
reopened. Needs a file descriptor per connection: where one process may not hold them all, run
several (bench/flood.sh and ringlb-cli's FloodIT run two of 10,000 idle and 1,000 trickling).

Prints one line when every connection is open (or failed), then one per 2 s, then a summary:
    opened IDLE idle and TRICKLE trickling (F failed) in S s
    holding I idle, T trickling; closed by the server: X idle, Y trickling
usage: flood.py HOST PORT IDLE TRICKLE HOLD"""
import errno
import os
import selectors
import socket
import stat
import sys
import time

HOST, PORT, IDLE, TRICKLE, HOLD = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
HEAD = b"GET /home HTTP/1.1\r\nHost: flood\r\nX-Padding: " + b"x" * 200 + b"\r\n\r\n"
BATCH = 500

sel = selectors.DefaultSelector()
idle, trickling = set(), {}  # trickling: socket -> bytes of HEAD sent
closed = {"idle": 0, "trickling": 0}
failed = 0


def connect(n, kind):
    """Opens n connections, BATCH at a time, each batch connected before the next starts."""
    global failed
    for start in range(0, n, BATCH):
        pending = []
        for _ in range(min(BATCH, n - start)):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            err = s.connect_ex((HOST, PORT))
            if err not in (0, errno.EINPROGRESS):
                failed += 1
                s.close()
                continue
            pending.append(s)
        waiting = selectors.DefaultSelector()
        for s in pending:
            waiting.register(s, selectors.EVENT_WRITE)
        deadline = time.time() + 10
        while waiting.get_map() and time.time() < deadline:
            for key, _ in waiting.select(max(0.0, deadline - time.time())):
                s = key.fileobj
                waiting.unregister(s)
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    failed += 1
                    s.close()
                    continue
                if kind == "idle":
                    idle.add(s)
                else:
                    trickling[s] = 0
                sel.register(s, selectors.EVENT_READ, kind)
        for key in list(waiting.get_map().values()):
            failed += 1
            key.fileobj.close()
        waiting.close()


next_byte = 0.0


def trickle():
    """Every 2 s, one more byte of the request head on each trickling connection."""
    global next_byte
    if time.time() < next_byte:
        return False
    for s, sent in list(trickling.items()):
        if sent < len(HEAD):
            try:
                s.send(HEAD[sent:sent + 1])
                trickling[s] = sent + 1
            except OSError:
                pass
    next_byte = time.time() + 2
    return True


def drain_closed(timeout):
    """Reads what the server sent; a connection it closed is counted and dropped."""
    for key, _ in sel.select(timeout):
        s = key.fileobj
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            sel.unregister(s)
            closed[key.data] += 1
            idle.discard(s)
            trickling.pop(s, None)
            s.close()


t0 = time.time()
# Interleaved, so that the server sees both kinds from the start.
for i in range(0, max(IDLE, TRICKLE), BATCH):
    connect(min(BATCH, max(0, IDLE - i)), "idle")
    connect(min(BATCH, max(0, TRICKLE - i)), "trickling")
    trickle()
    drain_closed(0)
print(f"opened {IDLE} idle and {TRICKLE} trickling ({failed} failed) in {time.time() - t0:.1f} s", flush=True)

# Held until HOLD passes, or until stdin closes when it is a pipe (a test's way to say "done").
stdin = selectors.DefaultSelector()
if stat.S_ISFIFO(os.fstat(0).st_mode):
    stdin.register(sys.stdin, selectors.EVENT_READ)
end = time.time() + HOLD
while time.time() < end:
    if trickle():
        print(f"holding {len(idle)} idle, {len(trickling)} trickling; closed by the server: "
              f"{closed['idle']} idle, {closed['trickling']} trickling", flush=True)
    drain_closed(0.2)
    if stdin.get_map() and stdin.select(0) and not sys.stdin.readline():
        break
for s in list(idle) + list(trickling):
    s.close()
print(f"closed all; the server had closed {closed['idle']} idle, {closed['trickling']} trickling", flush=True)
