"""Checks and figures of one run: each check passes or fails with what was seen; figures go to the report."""
import statistics
import time

from . import client, observe

# What "answers within its normal time" means after a scenario: the median of five `status` requests at
# the socket stays under this bound (a quiet machine answers in 1-3 ms; CI machines are loaded).
STATUS_SETTLED_MS = 250
# Growth allowed between the baseline taken before a scenario and the figures after it has settled.
FD_GROWTH = 32
HEAP_GROWTH_KIB = 32 * 1024


class Recorder:
    def __init__(self):
        self.checks = []   # (scenario, name, ok, detail)
        self.figures = {}  # scenario -> {name: value}

    def check(self, scenario, name, ok, detail=""):
        self.checks.append((scenario, name, bool(ok), detail))
        mark = "ok" if ok else "FAILED"
        print(f"chaos: {scenario}: {name}: {mark}{' — ' + detail if detail else ''}", flush=True)
        return ok

    def figure(self, scenario, name, value):
        self.figures.setdefault(scenario, {})[name] = value

    def passed(self):
        return sum(1 for c in self.checks if c[2])

    def failed(self):
        return sum(1 for c in self.checks if not c[2])


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1)))))
    return v[k]


def status_latencies_ms(socket, n=5):
    out = []
    for _ in range(n):
        _, dt = client.try_status(socket, timeout=10)
        out.append(dt * 1000 if dt is not None else float("inf"))
    return out


def baseline(daemon):
    """What the daemon looks like before a scenario: descriptors and heap after a full collection."""
    return {"fds": observe.fd_count(daemon.pid), "heap_kib": observe.heap_after_gc_kib(daemon.pid)}


def settled(rec, scenario, daemon, expect, base=None):
    """The checks that follow every scenario.

    expect: {service: set of acceptable states}; running services must have exactly one session whose id is
    the pid status reports; services in any other state must have no process at all; no process of the
    scenario may belong to a service status does not list. The background clients leave first: these checks
    are about pdsupd after the scenario and its load."""
    counts = daemon.stop_clients()
    if daemon.clients:
        rec.figure(scenario, "background clients got status/events/lines, reconnects",
                   f"{counts['status']}/{counts['events']}/{counts['lines']}, {counts['reconnects']}")
    lat = status_latencies_ms(daemon.socket)
    med = statistics.median(lat)
    rec.check(scenario, "admin status answers in its normal time", med <= STATUS_SETTLED_MS,
              f"median {med:.1f} ms of 5 (bound {STATUS_SETTLED_MS} ms)")
    services, _ = client.try_status(daemon.socket)
    if services is None:
        rec.check(scenario, "status readable", False, "no answer")
        return
    wrong = {n: services.get(n, {}).get("state") for n, ok in expect.items()
             if services.get(n, {}).get("state") not in ok}
    rec.check(scenario, "every service in the state it should be", not wrong,
              ", ".join(f"{n}={s}" for n, s in sorted(wrong.items())[:10]))
    sessions = observe.sessions_by_service(daemon.tag)
    problems = []
    for name, sids in sorted(sessions.items()):
        st = services.get(name)
        if st is None:
            problems.append(f"{name}: {len(sids)} session(s) of a service pdsupd does not list")
        elif st["state"] not in ("running", "starting", "stopping"):
            problems.append(f"{name}: {st['state']} but sessions {sorted(sids)} alive")
        elif len(sids) > 1:
            problems.append(f"{name}: {len(sids)} sessions {sorted(sids)} (doubled)")
        elif st["pid"] and st["pid"] not in sids:
            problems.append(f"{name}: session {sorted(sids)} is not its process {st['pid']} (orphaned)")
    rec.check(scenario, "no process leaked, doubled or orphaned (by session)", not problems, "; ".join(problems[:8]))
    if base is not None:
        fds = observe.fd_count(daemon.pid)
        heap = observe.heap_after_gc_kib(daemon.pid)
        rec.figure(scenario, "fds after", fds)
        rec.figure(scenario, "heap after GC (MiB)", round(heap / 1024, 1))
        rec.check(scenario, "descriptors back near the baseline", fds <= base["fds"] + FD_GROWTH,
                  f"{base['fds']} before, {fds} after (bound +{FD_GROWTH})")
        rec.check(scenario, "heap after GC near the baseline", heap <= base["heap_kib"] + HEAP_GROWTH_KIB,
                  f"{base['heap_kib'] // 1024} MiB before, {heap // 1024} MiB after (bound +{HEAP_GROWTH_KIB // 1024} MiB)")


def wait_states(daemon, expect, timeout_s):
    """Waits until status shows every service of expect in one of its states; returns the last status."""
    deadline = time.monotonic() + timeout_s
    while True:
        services, _ = client.try_status(daemon.socket)
        if services is not None and all(services.get(n, {}).get("state") in ok for n, ok in expect.items()):
            return services
        if time.monotonic() >= deadline:
            return services
        time.sleep(0.1)
