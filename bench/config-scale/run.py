#!/usr/bin/env python3
"""Configuration at scale: time `pdsupd --check-config` on N simple services (docs/benchmarks.md,
"Configuration at scale"). Services have the shape bench/pdbench/sup_pdsup.py writes; layout "one" puts
them all in pdsupd.conf, layout "dir" writes one file per service in services.d.

usage: bench/config-scale/run.py [--reps 3] [--pdsup packaging/target/pdsup] N...
Prints, per N and layout, median (min-max) of wall and CPU (user+sys of the child, from getrusage),
CPU per service, and the load average at the start."""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def q(s):
    return json.dumps(str(s))


def service(name, work, extra=""):
    argv = [os.path.join(work, "svc"), "-f", os.path.join(work, "stamps", name)]
    cmd = ", ".join(q(a) for a in argv)
    return (f"  {name} {{ command = [{cmd}], restart = always, backoff {{ initial = 0ms }},"
            " start-limit { burst = 1000000, interval = 1s }, output { stdout = null, stderr = null }" + extra + " }")


def write(work, n, layout, extra=""):
    os.makedirs(os.path.join(work, "state"), exist_ok=True)
    os.makedirs(os.path.join(work, "log"), exist_ok=True)
    svc = os.path.join(work, "svc")
    if not os.path.exists(svc):
        shutil.copy("/bin/true", svc)
    head = [
        "pdsupd {",
        f"  state-dir = {q(os.path.join(work, 'state'))}",
        f"  log-dir = {q(os.path.join(work, 'log'))}",
        f"  control {{ socket = {q(os.path.join(work, 'pdsupd.sock'))} }}",
        "  metrics { enabled = false }",
    ]
    names = [f"svc{i}" for i in range(1, n + 1)]
    if layout == "one":
        lines = head + ["}", "services {"] + [service(s, work, extra) for s in names] + ["}"]
    else:
        d = os.path.join(work, "services.d")
        os.makedirs(d)
        lines = head + ["  include-dir = services.d", "}"]
        for s in names:
            with open(os.path.join(d, s + ".conf"), "w") as f:
                f.write("services {\n" + service(s, work, extra) + "\n}\n")
    conf = os.path.join(work, "pdsupd.conf")
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    return conf


def run_once(pdsupd, conf):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([pdsupd, "--check-config", "-c", conf], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"pdsupd --check-config exited {p.returncode}: {p.stderr[:2000]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def fmt(xs):
    return f"{statistics.median(xs):.2f} s ({min(xs):.2f}–{max(xs):.2f})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--pdsup", default=os.path.join(os.path.dirname(__file__), "..", "..", "packaging",
                                                    "target", "pdsup"))
    ap.add_argument("--layouts", default="one,dir")
    ap.add_argument("n", type=int, nargs="+")
    a = ap.parse_args()
    pdsupd = os.path.join(a.pdsup, "bin", "pdsupd")
    print("| N | layout | wall | CPU (user+sys) | CPU ms/service | load at start |")
    print("|---|---|---|---|---|---|")
    for n in a.n:
        for layout in a.layouts.split(","):
            work = tempfile.mkdtemp(prefix=f"cfgscale-{n}-{layout}-")
            try:
                conf = write(work, n, layout)
                load = open("/proc/loadavg").read().split()[0]
                walls, cpus = [], []
                for _ in range(a.reps):
                    w, c = run_once(pdsupd, conf)
                    walls.append(w)
                    cpus.append(c)
                per = statistics.median(cpus) * 1000 / n
                print(f"| {n:,} | {layout} | {fmt(walls)} | {fmt(cpus)} | {per:.2f} | {load} |", flush=True)
            finally:
                shutil.rmtree(work)


if __name__ == "__main__":
    main()
