#!/usr/bin/env python3
"""Configuration at scale, reload: start pdsupd on N services that do not autostart (so no process is
spawned), then time `pdctl reload` twice: with the files unchanged, and with every service's stop timeout
changed (each service "updated in place"). Reports pdsupd's CPU (user+sys from /proc/PID/stat) spent on
each reload and pdctl's wall time, median of --reps, and the load average at the start.

usage: bench/config-scale/reload.py [--reps 3] [--pdsup packaging/target/pdsup] N..."""
import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

spec = importlib.util.spec_from_file_location("cfgscale", os.path.join(os.path.dirname(__file__), "run.py"))
cfgscale = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cfgscale)
TICK = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICK


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--pdsup", default=os.path.join(os.path.dirname(__file__), "..", "..", "packaging",
                                                    "target", "pdsup"))
    ap.add_argument("n", type=int, nargs="+")
    a = ap.parse_args()
    pdsupd = os.path.join(a.pdsup, "bin", "pdsupd")
    pdctl = os.path.join(a.pdsup, "bin", "pdctl")
    print("| N | reload | pdsupd CPU | pdctl wall | load at start |")
    print("|---|---|---|---|---|")
    for n in a.n:
        work = tempfile.mkdtemp(prefix=f"cfgreload-{n}-")
        load = open("/proc/loadavg").read().split()[0]
        conf = cfgscale.write(work, n, "dir", ", autostart = false")
        sock = os.path.join(work, "pdsupd.sock")
        d = subprocess.Popen([pdsupd, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while subprocess.run([pdctl, "-s", sock, "status", "svc1"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL).returncode not in (0, 3):  # 3: svc1 is stopped
                if d.poll() is not None:
                    sys.exit("pdsupd exited")
                time.sleep(0.5)  # bench only: waiting for the daemon to come up
            results = {"unchanged": ([], []), "all updated": ([], [])}
            for rep in range(a.reps):
                for kind in results:
                    if kind == "all updated":  # alternate the stop timeout so every reload changes every service
                        shutil.rmtree(os.path.join(work, "services.d"))
                        cfgscale.write(work, n, "dir", f", autostart = false, stop {{ timeout = {rep + 2}s }}")
                    c0, t0 = cpu(d.pid), time.monotonic()
                    r = subprocess.run([pdctl, "-s", sock, "reload"], capture_output=True, text=True)
                    wall = time.monotonic() - t0
                    if r.returncode != 0:
                        sys.exit(f"reload failed: {r.stdout}{r.stderr}")
                    results[kind][0].append(cpu(d.pid) - c0)
                    results[kind][1].append(wall)
            for kind, (cpus, walls) in results.items():
                print(f"| {n:,} | {kind} | {cfgscale.fmt(cpus)} | {cfgscale.fmt(walls)} | {load} |", flush=True)
        finally:
            d.terminate()
            d.wait()
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
