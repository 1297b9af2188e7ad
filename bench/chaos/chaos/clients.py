"""Background control clients during a scenario: status pollers, `events -f` and `logs -f` readers, and
clients that subscribe and never read. They reconnect when pdsupd goes away (kill -9) and count what they
got; none of them may make pdsupd slower for an admin or grow its heap beyond the bounds."""
import socket
import threading
import time

from . import client


class ClientLoad:
    def __init__(self, socket_path, n=200, log_service=None):
        self.path = socket_path
        self.n = n
        self.log_service = log_service
        self.stop_flag = threading.Event()
        self.threads = []
        self.idle = []
        self.counts = {"status": 0, "events": 0, "lines": 0, "reconnects": 0}
        self.lock = threading.Lock()

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
        return self

    def _run(self, kind):
        while not self.stop_flag.is_set():
            try:
                c = client.RawClient(self.path, timeout=2.0)
            except OSError:
                self._count("reconnects")
                self.stop_flag.wait(0.2)
                continue
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
                    while not self.stop_flag.is_set():
                        try:
                            f = c.frame()
                        except socket.timeout:
                            continue
                        self._count("lines" if "line" in f else "events")
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
