"""kill -9 of pdsupd in a loop while services restart: persistent services are re-adopted every time (same
pid, one copy), nothing of a non-persistent service or of its process group survives its pdsupd, and the
next pdsupd starts exactly one new copy."""
import os
import random
import time

from . import checks, client, observe
from .context import SLEEPER
from .daemon import Service, wait_for

NAME = "kill9"


def services():
    out = []
    for i in range(3):
        out.append(Service(f"keep{i}", SLEEPER, "persist = true"))
    for i, mode in enumerate(["process", "group", "process"]):
        out.append(Service(f"plain{i}", SLEEPER, f"stop {{ mode = {mode} }}"))
    for i in range(2):
        out.append(Service(f"flap{i}", ["/bin/sh", "-c", "sleep 0.3; exit 1"],
                           "backoff { initial = 0ms }, start-limit { burst = 1000000, interval = 1s }"))
    return out


def run(ctx):
    rec = ctx.rec
    loops = ctx.size(10, 100)
    d = ctx.daemon(NAME)
    svcs = services()
    d.write_config(svcs)
    keep = [s.name for s in svcs if s.name.startswith("keep")]
    plain = [s.name for s in svcs if s.name.startswith("plain")]
    running = {n: {"running"} for n in keep + plain}
    rng = random.Random(20)
    problems, readopted, restart_ms = [], 0, []
    try:
        d.start()
        first = checks.wait_states(d, running, 30)
        keep_pids = {n: first[n]["pid"] for n in keep}
        for i in range(loops):
            time.sleep(rng.uniform(0.0, 1.0))
            old = {n: set(v) for n, v in observe.sessions_by_service(d.tag).items()}
            d.kill9()
            # terminate-on-close ends each non-persistent service; what it left behind is the next pdsupd's job
            t0 = time.monotonic()
            d.start()
            now = checks.wait_states(d, running, 30)
            restart_ms.append((time.monotonic() - t0) * 1000)
            # the next pdsupd signals what the killed one's services left; give the signals a moment to land
            wait_for(lambda: not any(old.get(n, set()) & set(observe.sessions_by_service(d.tag).get(n, {}))
                                     for n in plain), 10)
            sessions = observe.sessions_by_service(d.tag)
            for n in keep:
                if now[n]["pid"] != keep_pids[n]:
                    problems.append(f"loop {i}: {n} pid {keep_pids[n]} -> {now[n]['pid']} (not re-adopted)")
                    keep_pids[n] = now[n]["pid"]
                elif now[n].get("adopted"):
                    readopted += 1
                if len(sessions.get(n, {})) != 1:
                    problems.append(f"loop {i}: {n} has sessions {sorted(sessions.get(n, {}))}")
            for n in plain:
                survivors = old.get(n, set()) & set(sessions.get(n, {}))
                if survivors:
                    problems.append(f"loop {i}: {n}: session(s) {sorted(survivors)} of the killed pdsupd survive")
                if len(sessions.get(n, {})) != 1:
                    problems.append(f"loop {i}: {n} has sessions {sorted(sessions.get(n, {}))}")
            for n in ("flap0", "flap1"):
                if len(sessions.get(n, {})) > 1:
                    problems.append(f"loop {i}: {n} has sessions {sorted(sessions.get(n, {}))}")
        counts = d.stop_clients()
        rec.figure(NAME, "kills", loops)
        rec.figure(NAME, "kill -9 → answering again, p50 (ms)", round(checks.percentile(restart_ms, 50)))
        rec.figure(NAME, "kill -9 → answering again, max (ms)", round(max(restart_ms)))
        rec.figure(NAME, "client reconnects", counts["reconnects"])
        rec.check(NAME, "persistent services re-adopted every time, one copy each",
                  readopted == loops * len(keep) and not [p for p in problems if "keep" in p],
                  f"{readopted} of {loops * len(keep)} re-adoptions; " + "; ".join(p for p in problems if "keep" in p)[:400])
        rec.check(NAME, "no survivor of a non-persistent service or of its process group",
                  not [p for p in problems if "keep" not in p],
                  "; ".join(p for p in problems if "keep" not in p)[:600])
        checks.settled(rec, NAME, d, running)
        # the last pdsupd stops in order: persistent services stay, the others end
        rec.check(NAME, "pdsupd stops in order", d.stop() is None)
        # a stopped service's own children get a moment to follow it (stop.mode = process signals the
        # service process, then pdsupd its group); persistent services stay
        left = wait_for(lambda: (lambda l: l if set(l) <= set(keep) else None)(observe.sessions_by_service(d.tag)),
                        10) or observe.sessions_by_service(d.tag)
        rec.check(NAME, "after a graceful stop only persistent services remain",
                  set(left) <= set(keep) and all(len(left[n]) == 1 for n in left),
                  f"left: {sorted(left)}")
    finally:
        d.cleanup()
        wait_for(lambda: not observe.tagged(d.tag), 10)
