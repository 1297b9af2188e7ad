"""Soak: steady restarts, a reload every 10 s alternating two configurations, log rotation, clients coming
and going; heap after GC, descriptors, threads and RSS sampled every 10 s must show no upward trend."""
import os
import time

from . import checks, client, observe
from .clients import ClientLoad
from .context import SLEEPER
from .daemon import Service

NAME = "soak"
# Bounds on the fitted slopes (per hour of soak), after the first 30 s of warm-up are dropped (long mode).
SLOPE_BOUNDS = {"heap_kib": 16 * 1024, "fds": 8, "threads": 2, "rss_kib": 64 * 1024}
# A 2-minute fit extrapolated to an hour is mostly noise (0.3 MiB of heap in 90 s reads as 12 MiB/h): short
# mode bounds the growth the slope gives over the run itself instead.
SHORT_GROWTH_BOUNDS = {"heap_kib": 4 * 1024, "fds": 4, "threads": 2, "rss_kib": None}


def slope_per_hour(samples, key):
    xs = [s["t"] for s in samples]
    ys = [s[key] for s in samples]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    if var == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 3600


# steady0's command changes at every reload, so it is restarted every 10 s: every start counts against the
# start limit (as systemd counts them), which must not make it fatal here
CHANGED = "start-limit { burst = 1000, interval = 60s }"


def configs(flip):
    svcs = [Service(f"steady{i}", SLEEPER, CHANGED if i == 0 else "") for i in range(10)]
    svcs += [Service(f"restart{i}", ["/bin/sh", "-c", "echo up; sleep 1; exit 1"],
                     "backoff { initial = 0ms }, start-limit { burst = 1000000, interval = 1s }")
             for i in range(10)]
    # the second configuration drops two services, adds two, and changes one's command
    if flip:
        svcs = [s for s in svcs if s.name not in ("steady8", "steady9")]
        svcs += [Service(f"extra{i}", SLEEPER) for i in range(2)]
        svcs[0] = Service("steady0", ["/bin/sh", "-c", "exec sleep 200000"], CHANGED)
    return svcs


def run(ctx):
    rec = ctx.rec
    duration = ctx.soak_seconds
    every = 10
    d = ctx.daemon(NAME, clients=0)  # its own clients, replaced every minute
    d.write_config(configs(False))
    samples, reloads, rotations = [], 0, 0
    try:
        d.start()
        load = ClientLoad(d.socket, ctx.clients, log_service="restart0", user=d.user).start()
        t0 = time.monotonic()
        flip = False
        next_sample = t0 + every
        while time.monotonic() - t0 < duration:
            time.sleep(max(0.0, next_sample - time.monotonic()))
            next_sample += every
            flip = not flip
            d.write_config(configs(flip))
            with client.RawClient(d.socket) as c:
                c.request("reload")
                reloads += 1
                _rotate(os.path.join(d.dir, "log"))
                c.request("reopen-logs")
                rotations += 1
            # sampled before the clients are replaced: a sample taken while 200 connections close and 200 new
            # ones read their log backlogs holds that burst's frames in flight, a transient (up to 10 MiB of heap
            # at the last sample of a 2-minute soak) that the fit would read as growth
            s = observe.sample(d.pid)
            s["t"] = time.monotonic() - t0
            samples.append(s)
            # clients come and go: replace the load every minute
            if reloads % 6 == 0:
                load.stop()
                load = ClientLoad(d.socket, ctx.clients, log_service="restart0", user=d.user).start()
        load.stop()
        rec.figure(NAME, "seconds", duration)
        rec.figure(NAME, "reloads", reloads)
        rec.figure(NAME, "samples", len(samples))
        warm = [s for s in samples if s["t"] >= 30] or samples
        span_h = (warm[-1]["t"] - warm[0]["t"]) / 3600 if len(warm) >= 2 else 0.0
        for key, bound in SLOPE_BOUNDS.items():
            slope = slope_per_hour(warm, key) if len(warm) >= 3 else 0.0
            first, last = warm[0][key], warm[-1][key]
            rec.figure(NAME, f"{key} first/last", f"{first}/{last}")
            rec.figure(NAME, f"{key} slope per hour", round(slope, 1))
            if ctx.long:
                rec.check(NAME, f"no upward trend in {key}", slope <= bound, f"slope {slope:.1f}/h (bound {bound}/h)")
                continue
            growth, limit = slope * span_h, SHORT_GROWTH_BOUNDS[key]
            rec.check(NAME, f"no upward trend in {key}" + (" (reported only in short mode)" if limit is None else ""),
                      limit is None or growth <= limit,
                      f"fitted growth over the run {growth:.1f} (bound {limit}); slope {slope:.1f}/h")
        final = configs(flip)
        checks.settled(rec, NAME, d, {s.name: {"running", "starting", "backoff", "stopping", "exited"}
                                      for s in final})
        rec.check(NAME, "pdsupd stops in order", d.stop() is None)
    finally:
        d.cleanup()


def _rotate(logdir):
    """What newsyslog does: rename every live log file aside (the daemon then reopens on reopen-logs)."""
    for root, _dirs, files in os.walk(logdir):
        for f in files:
            if f.endswith(".log"):
                p = os.path.join(root, f)
                os.replace(p, p + ".soak")
