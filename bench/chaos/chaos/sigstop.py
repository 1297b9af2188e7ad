"""SIGSTOP of pdsupd while its services die, then SIGCONT: every exit is seen once, nothing starts twice,
and the event sequence has no gap (the stream is unfiltered, so any gap is loss)."""
import os
import signal
import time

from . import checks, client, observe
from .daemon import Service

NAME = "sigstop"


def run(ctx):
    rec = ctx.rec
    n = ctx.size(20, 50)
    stopped_s = ctx.size(10, 30)
    d = ctx.daemon(NAME)
    body = "backoff { initial = 0ms }, start-limit { burst = 1000000, interval = 1s }"
    svcs = [Service(f"die{i}", ["/bin/sh", "-c", f"sleep 0.{(i % 9) + 1}; exit {i % 5 + 1}"], body)
            for i in range(n)]
    d.write_config(svcs)
    try:
        d.start()
        base = checks.baseline(d)
        events = []
        with client.RawClient(d.socket, timeout=1.0) as c:
            c.send("events", follow=True, history=False)
            _drain(c, events, 1.0)
            os.kill(d.pid, signal.SIGSTOP)
            time.sleep(stopped_s)  # the services die meanwhile; their exits wait in the kernel
            dead_while_stopped = len(observe.tagged(d.tag))
            os.kill(d.pid, signal.SIGCONT)
            _drain(c, events, 5.0)
            with client.RawClient(d.socket) as admin:
                admin.request("stop", services=["*"])
            _drain(c, events, 3.0)
        evs = [f["event"] for f in events if "event" in f]
        dropped = [f for f in events if "dropped" in f]
        seqs = [e["seq"] for e in evs]
        gaps = [(a, b) for a, b in zip(seqs, seqs[1:]) if b != a + 1]
        starts, exits, doubled, unseen = {}, {}, [], []
        for e in evs:
            if e["to"] == "starting" and e["pid"]:
                starts.setdefault(e["service"], []).append(e["pid"])
            if e.get("exit") is not None:
                exits.setdefault(e["service"], []).append(e["pid"])
        for name, pids in starts.items():
            if len(pids) != len(set(pids)):
                doubled.append(name)
            seen = exits.get(name, [])
            for p in pids:
                if seen.count(p) != 1:
                    unseen.append(f"{name} pid {p}: {seen.count(p)} exit events")
        rec.figure(NAME, "services", n)
        rec.figure(NAME, "seconds stopped", stopped_s)
        rec.figure(NAME, "events after SIGCONT", len(evs))
        rec.figure(NAME, "exits reported", sum(len(v) for v in exits.values()))
        rec.check(NAME, "event sequence contiguous, nothing dropped", not gaps and not dropped,
                  f"gaps {gaps[:5]}, dropped notices {len(dropped)}")
        rec.check(NAME, "every exit seen exactly once", not unseen and bool(exits), "; ".join(unseen[:5]))
        rec.check(NAME, "no double start", not doubled, ", ".join(doubled))
        checks.settled(rec, NAME, d, {s.name: {"stopped"} for s in svcs}, base)
        rec.check(NAME, "pdsupd stops in order", d.stop() is None)
        rec.figure(NAME, "service processes alive while stopped (sample)", dead_while_stopped)
    finally:
        d.cleanup()


def _drain(c, out, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            out.append(c.frame())
        except (TimeoutError, OSError):
            continue
        except client.ControlError:
            return
