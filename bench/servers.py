#!/usr/bin/env python3
"""Loopback targets for the benchmarks (127.0.0.1 only; stops by itself after --lifetime seconds).

  servers.py healthy PORT_FILE [--delay-ms N]   HTTP server answering 200 {"status":"healthy"} after N ms
  servers.py silent  PORT_FILE                  listener that accepts and never answers

The chosen port (bound to port 0) is written to PORT_FILE.

The healthy server is one asyncio loop, not a thread per connection: on a small virtual machine starting a thread
costs up to 0.7 ms, so a threaded server answering 200 connections at once took 120 ms to answer its first one and
220 ms its last (measured with an asyncio client), which made the reference, not the client, what a benchmark saw.
"""
import argparse
import asyncio
import socket
import threading
import time

BODY = b'{"status": "healthy"}'
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
          % len(BODY)) + BODY


def serve_healthy(delay, ready):
    async def answer(reader, writer):
        try:
            await reader.readuntil(b"\r\n\r\n")
            if delay:
                await asyncio.sleep(delay)
            writer.write(ANSWER)
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(answer, "127.0.0.1", 0, backlog=4096)
        ready(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["healthy", "silent"])
    parser.add_argument("port_file")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--lifetime", type=int, default=600)
    args = parser.parse_args()
    if args.mode == "healthy":
        bound = []
        started = threading.Event()
        threading.Thread(target=serve_healthy, args=(args.delay_ms / 1000.0, lambda p: (bound.append(p), started.set())),
                         daemon=True).start()
        started.wait()
        port = bound[0]
    else:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1024)
        port = listener.getsockname()[1]
        held = []

        def accept():
            while True:
                conn, _ = listener.accept()
                held.append(conn)  # never read, never answered, never closed
        threading.Thread(target=accept, daemon=True).start()
    with open(args.port_file, "w") as f:
        f.write(str(port))
    time.sleep(args.lifetime)


if __name__ == "__main__":
    main()
