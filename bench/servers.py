#!/usr/bin/env python3
"""Loopback targets for the benchmarks (127.0.0.1 only; stops by itself after --lifetime seconds).

  servers.py healthy PORT_FILE [--delay-ms N]   HTTP server answering 200 {"status":"healthy"} after N ms
  servers.py silent  PORT_FILE                  listener that accepts and never answers

The chosen port (bound to port 0) is written to PORT_FILE.
"""
import argparse
import http.server
import socket
import socketserver
import threading
import time


class Healthy(http.server.BaseHTTPRequestHandler):
    delay = 0.0

    def do_GET(self):
        if self.delay:
            time.sleep(self.delay)
        body = b'{"status": "healthy"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["healthy", "silent"])
    parser.add_argument("port_file")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--lifetime", type=int, default=600)
    args = parser.parse_args()
    if args.mode == "healthy":
        Healthy.delay = args.delay_ms / 1000.0
        server = Server(("127.0.0.1", 0), Healthy)
        port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
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
