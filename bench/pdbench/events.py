"""Readers of the supervisors' exit-event streams (W7). Each yields Events
stamped with CLOCK_REALTIME when the event reached its reader."""
import json
import os
import re
import secrets
import select
import subprocess
import threading
import time
from collections import namedtuple
from datetime import datetime

from . import procs

# recv_ns: when the reader got it; pid / time_ns: None where the stream has none
Event = namedtuple("Event", "recv_ns service pid time_ns")


def iso_to_ns(text):
    """ISO-8601 with up to nanosecond fractions ("…T12:00:00.123456789Z") → ns."""
    m = re.fullmatch(r"([^.]+?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)?", text.strip())
    if not m:
        raise ValueError(f"not an ISO-8601 time: {text!r}")
    base, frac, zone = m.group(1), m.group(2) or "", m.group(3) or "Z"
    if zone == "Z":
        zone = "+00:00"
    dt = datetime.fromisoformat(base + zone)
    return int(dt.timestamp()) * 1_000_000_000 + int(frac.ljust(9, "0"))


class PdctlEvents:
    """`pdctl --json events -f`: one JSON object per line."""

    EXIT_STATES = ("backoff", "exited")

    def __init__(self, registry, argv, workdir, env_extra):
        self.registry, self.argv, self.workdir, self.env_extra = registry, argv, workdir, env_extra
        self.lines = []
        self.parsed = []
        self.cursor = 0
        self.proc = None
        self.thread = None

    def start(self):
        env = dict(os.environ)
        env.update(self.env_extra)
        self.err = open(os.path.join(self.workdir, "pdctl-events.err"), "wb")
        self.proc = self.registry.spawn(self.argv, env=env, stdout=subprocess.PIPE, stderr=self.err)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for raw in self.proc.stdout:
            self.lines.append((procs.now_ns(), raw))

    def wait_ready(self, timeout_s):
        """True once the stream printed its first line (the ring's history)."""
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            if self.lines:
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.registry.kill_group(self.proc)
            self.proc.wait(timeout=5)
        if self.thread:
            self.thread.join(timeout=5)
        self.err.close()

    def events(self):
        """The exit events so far (parsed once each, as they come)."""
        end = len(self.lines)
        for recv, raw in self.lines[self.cursor:end]:
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            e = obj.get("event", obj) if isinstance(obj, dict) else None
            if not isinstance(e, dict) or e.get("to") not in self.EXIT_STATES:
                continue
            t = e.get("time")
            self.parsed.append(Event(recv, e.get("service"), e.get("pid"), iso_to_ns(t) if t else None))
        self.cursor = end
        return list(self.parsed)


class ListenerFileEvents:
    """supervisord: lines written by supervisord_listener.py, which
    supervisord itself runs as an event listener."""

    def __init__(self, path):
        self.path = path

    def start(self):
        pass

    def wait_ready(self, timeout_s):
        return True

    def stop(self):
        pass

    def events(self):
        out = []
        try:
            with open(self.path) as f:
                for line in f:
                    p = line.split()
                    if len(p) == 3:
                        out.append(Event(int(p[0]), p[1], int(p[2]), None))
        except FileNotFoundError:
            pass
        return out


class S6FifoEvents:
    """s6: a FIFO in each service's event/ fifodir, named as libs6's ftrig1
    names them; s6-supervise writes 'd' into it when the service dies (the
    mechanism behind s6-svwait and s6-ftrig-listen)."""

    def __init__(self, services):
        self.services = services  # [(name, event dir)]
        self.fds = {}
        self.writers = []
        self.paths = []
        self.got = []
        self.stopping = False
        self.thread = None

    def start(self):
        self.ep = select.epoll()
        for name, d in self.services:
            end = time.monotonic() + 10
            while not os.path.isdir(d):
                if time.monotonic() > end:
                    raise RuntimeError(f"s6-supervise made no fifodir {d}")
                time.sleep(0.05)
            # ftrig1 name: "ftrig1:" + "@" + 24 hex digits (TAI64N) + ":" + 6 random chars
            path = os.path.join(d, "ftrig1:@" + secrets.token_hex(12) + ":" + secrets.token_hex(3))
            os.mkfifo(path, 0o622)
            self.paths.append(path)
            r = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            self.writers.append(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # no EOF when idle
            self.fds[r] = name
            self.ep.register(r, select.EPOLLIN)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        while not self.stopping:
            for fd, _ in self.ep.poll(0.2):
                t = procs.now_ns()
                try:
                    data = os.read(fd, 4096)
                except BlockingIOError:
                    continue
                for ch in data.decode("ascii", "replace"):
                    if ch == "d":
                        self.got.append(Event(t, self.fds[fd], None, None))

    def wait_ready(self, timeout_s):
        return True

    def stop(self):
        self.stopping = True
        if self.thread:
            self.thread.join(timeout=5)
        for fd in list(self.fds) + self.writers:
            os.close(fd)
        self.ep.close()
        for p in self.paths:
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass

    def events(self):
        return list(self.got)
