#!/usr/bin/env python3
"""Held sockets across crashes: a client connecting in a loop while the service is killed N times.

Runs the packaged pdsupd twice with the same little TCP server as its only service: once with
`sockets = [ { listen = "tcp:127.0.0.1:PORT" } ]` (pdsupd holds the listening socket and passes it as
descriptor 3), once with the server binding the port itself. Each run of the server answers PER_RUN
connections with its PID and then stops accepting (so a kill never lands in the middle of a connection);
the bench then kills it with SIGKILL, and pdsupd restarts it after its backoff. One client thread connects
in a loop the whole time and counts what happens to every connection: served, refused (ECONNREFUSED),
reset or unanswered (it was in the backlog of a listening socket that closed). Also the longest wait of a
served connection (connect to reply), which is the restart time the client sees.

Usage: bench/held-sockets.sh [--pdsup-home DIR] [--kills N] [--per-run N] [--backoff 100ms]
Needs root only for nothing: pdsupd runs with its state, logs and control socket in a temporary directory.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SERVER = r'''
import os, socket, sys, time
if os.environ.get("LISTEN_FDS"):
    s = socket.socket(fileno=3)
else:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
    s.listen(64)
for _ in range(int(sys.argv[2])):
    c, _ = s.accept()
    c.sendall(b"%d\n" % os.getpid())
    c.close()
time.sleep(3600)
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client(threading.Thread):
    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop = False
        self.served = self.refused = self.lost = 0
        self.by_pid = {}
        self.waits = []
        self.current = None

    def run(self):
        while not self.stop:
            start = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=60) as c:
                    self.current = c
                    data = c.makefile("rb").read()
                if self.stop:
                    break
                if data.strip():
                    pid = int(data)
                    self.by_pid[pid] = self.by_pid.get(pid, 0) + 1
                    self.served += 1
                    self.waits.append(time.monotonic() - start)
                else:
                    self.lost += 1
            except ConnectionRefusedError:
                if not self.stop:
                    self.refused += 1
                time.sleep(0.002)
            except OSError:
                if not self.stop:
                    self.lost += 1
                time.sleep(0.002)


def one(home, held, kills, per_run, backoff, work):
    port = free_port()
    server = os.path.join(work, "server.py")
    with open(server, "w") as f:
        f.write(SERVER)
    sockets = f', sockets = [ {{ listen = "tcp:127.0.0.1:{port}" }} ]' if held else ""
    conf = os.path.join(work, "pdsupd.conf")
    with open(conf, "w") as f:
        f.write(f'''pdsupd {{ state-dir = "{work}/state", log-dir = "{work}/log",
  control.socket = "{work}/pdsupd.sock", metrics.enabled = false }}
services {{ web {{ command = ["{sys.executable}", "{server}", "{port}", "{per_run}"],
  backoff {{ initial = {backoff}, multiplier = 1.0, max = {backoff}, jitter = 0 }},
  start-limit {{ burst = 1000, interval = 60s }}{sockets} }} }}
''')
    daemon = subprocess.Popen([os.path.join(home, "bin", "pdsupd"), "-c", conf],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "pdsupd.err"), "w"))
    try:
        deadline = time.monotonic() + 60
        while True:  # the first run is up once it answers (that answer counts as one of its own)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
                    first = int(c.makefile("rb").read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("held-sockets: the service never answered on port %d" % port)
                time.sleep(0.05)
        client = Client(port)
        client.by_pid[first] = 1
        client.start()
        killed = set()
        for k in range(kills + 1):
            deadline = time.monotonic() + 120
            while True:
                ready = [p for p, n in list(client.by_pid.items()) if n >= per_run and p not in killed]
                if ready:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit("held-sockets: no run answered %d connections within 120 s" % per_run)
                time.sleep(0.002)
            if k < kills:
                pid = ready[0]
                killed.add(pid)
                os.kill(pid, signal.SIGKILL)
        client.stop = True
        if client.current is not None:
            try:
                client.current.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        client.join(30)
        waits = sorted(client.waits)
        return {
            "mode": "held (sockets = [...])" if held else "own socket (no sockets)",
            "kills": kills, "served": client.served, "refused": client.refused, "lost": client.lost,
            "max_wait_ms": round(waits[-1] * 1000) if waits else 0,
        }
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(60)
        except subprocess.TimeoutExpired:
            daemon.kill()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pdsup-home", default=os.path.join(here, "..", "packaging", "target", "pdsup"))
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--per-run", type=int, default=2)
    ap.add_argument("--backoff", default="100ms")
    a = ap.parse_args()
    home = os.path.abspath(a.pdsup_home)
    if not os.access(os.path.join(home, "bin", "pdsupd"), os.X_OK):
        raise SystemExit("held-sockets: no pdsupd at %s/bin (build with mvn -DskipTests package)" % home)
    rows = []
    for held in (True, False):
        work = tempfile.mkdtemp(prefix="pdsup-held-sockets.")
        try:
            rows.append(one(home, held, a.kills, a.per_run, a.backoff, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("| mode | kills | served | refused | reset or unanswered | longest wait of a served connection |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %d | %d | %d | %d | %d ms |" % (r["mode"], r["kills"], r["served"], r["refused"], r["lost"],
                                                    r["max_wait_ms"]))
    held = rows[0]
    ok = held["refused"] == 0 and held["lost"] == 0 and rows[1]["refused"] > 0
    print("held-sockets: %s" % ("ok: no connection refused or lost with held sockets" if ok else "UNEXPECTED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
