"""Background control clients during a scenario: status pollers, `events -f` and `logs -f` readers, and
clients that subscribe and never read. They reconnect when pdsupd goes away (kill -9) and count what they
got; none of them may make pdsupd slower for an admin or grow its heap beyond the bounds.

The clients run in a process of their own: 200 Python threads reading 100,000 frames a second would
otherwise hold the interpreter lock that the scenario's own admin client (the one timing `status`) needs,
and the figures would be the harness's, not pdsupd's. Readers count frames by their newlines without
parsing them, for the same reason."""
import multiprocessing
import os
import socket
import threading

from . import client

_MP = multiprocessing.get_context("spawn")  # the scenarios run threads: no fork of a threaded process


class ClientLoad:
    def __init__(self, socket_path, n=200, log_service=None, user=None):
        """user: (uid, gid) the clients connect as (the reader-role user of the run), None: as root (an admin)."""
        self.path = socket_path
        self.n = n
        self.log_service = log_service
        self.user = user
        self.proc = None
        self.stop_event = _MP.Event()
        self.connected = _MP.Event()
        self.conn = None

    def start(self):
        self.conn, child = _MP.Pipe(duplex=False)
        args = (self.path, self.n, self.log_service, self.user, self.stop_event, self.connected, child)
        self.proc = _MP.Process(target=_serve, args=args, daemon=True, name="chaos-clients")
        self.proc.start()
        child.close()
        return self

    def wait_connected(self, timeout_s=30):
        """True once every client has connected once (so a baseline counts them)."""
        return self.connected.wait(timeout_s)

    def stop(self):
        """Stops every client; returns what they got: status answers, event and line frames, reconnects."""
        if self.proc is None:
            return {"status": 0, "events": 0, "lines": 0, "reconnects": 0}
        self.stop_event.set()
        counts = None
        if self.conn.poll(30):
            counts = self.conn.recv()
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.proc = None
        return counts or {"status": 0, "events": 0, "lines": 0, "reconnects": 0}


def _serve(path, n, log_service, user, stop_event, connected, conn):
    if user is not None:
        # the clients' own process takes the reader's identity, so pdsupd sees their peer credentials as a reader's
        os.setgroups([])
        os.setgid(user[1])
        os.setuid(user[0])
    load = _Threads(path, n, log_service)
    load.start()
    load.first_attempts.wait()
    connected.set()
    stop_event.wait()
    conn.send(load.stop())
    conn.close()


class _Threads:
    def __init__(self, socket_path, n, log_service):
        self.path = socket_path
        self.n = n
        self.log_service = log_service
        self.stop_flag = threading.Event()
        self.threads = []
        self.counts = {"status": 0, "events": 0, "lines": 0, "reconnects": 0}
        self.lock = threading.Lock()
        self.attempted = 0
        self.first_attempts = threading.Event()

    def _attempted(self):
        with self.lock:
            self.attempted += 1
            if self.attempted == self.n:
                self.first_attempts.set()

    def _count(self, key, k=1):
        with self.lock:
            self.counts[key] += k

    def start(self):
        kinds = ["status", "events", "logs", "idle"]
        for i in range(self.n):
            kind = kinds[i % len(kinds)]
            if kind == "logs" and not self.log_service:
                kind = "events"
            t = threading.Thread(target=self._run, args=(kind,), daemon=True, name=f"chaos-client-{i}")
            t.start()
            self.threads.append(t)

    def _run(self, kind):
        first = True
        while not self.stop_flag.is_set():
            try:
                c = client.RawClient(self.path, timeout=2.0)
            except OSError:
                self._count("reconnects")
                self.stop_flag.wait(0.2)
                continue
            if first:
                first = False
                self._attempted()
            try:
                if kind == "status":
                    while not self.stop_flag.is_set():
                        c.request("status")
                        self._count("status")
                        self.stop_flag.wait(0.25)
                elif kind == "idle":
                    # subscribes to everything and never reads: pdsupd must bound what it keeps for us
                    c.send("events", follow=True)
                    if self.log_service:
                        c.send("logs", service=self.log_service, follow=True, lines=1000)
                    self.stop_flag.wait(3600)
                else:
                    if kind == "events":
                        c.send("events", follow=True, history=False)
                    else:
                        c.send("logs", service=self.log_service, follow=True, lines=10)
                    key = "events" if kind == "events" else "lines"
                    while not self.stop_flag.is_set():
                        try:
                            chunk = c.sock.recv(1 << 16)
                        except socket.timeout:
                            continue
                        if not chunk:
                            raise client.ControlError("connection closed by pdsupd")
                        self._count(key, chunk.count(b"\n"))
            except (OSError, client.ControlError, ValueError):
                self._count("reconnects")
                self.stop_flag.wait(0.2)
            finally:
                c.close()

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join(timeout=5)
        return dict(self.counts)
