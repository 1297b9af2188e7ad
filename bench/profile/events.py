#!/usr/bin/env python3
"""W7's exit → event path, split (issue 22): where the time between a service's end and its exit event
reaching a reader goes.

    bench/profile/events.py PDSUP_HOME [N] [CRASHERS] [SECONDS]

Starts PDSUP_HOME/bin/pdsupd on N services (default 1,000; bench/svc.c, built here), CRASHERS of them (default
50) living 1 s and exiting 1 in a loop (bench/run.sh's W7 shape: they crash in step, 50 exits within a few ms),
in a directory under /dev/shm. Once all have started it follows the events for SECONDS (default 12) with two
readers at once: a plain Unix-socket client of the protocol (no JVM) and `pdctl --json events -f`, each line
stamped when read. For every `backoff` event with an exit it prints percentiles of:
  - exit → reaped: the service's own exit stamp (bench/svc.c, just before it exits) to the exit's `ended_at`
    (pdsupd has reaped it: the kernel's exit, the wake-up of pdsupd's kernel-event thread, the reap);
  - reaped → event: the exit's `ended_at` (pdsupd reaped it) to the event's `time` (the transition);
  - event → socket reader: the event's `time` to the plain reader having the line (pdsupd's delivery);
  - event → pdctl line: the same through pdctl (delivery plus pdctl's parsing and printing).
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, wait_started, write_config  # noqa: E402


def iso_ns(text):
    base, _, frac = text.rstrip("Z").partition(".")
    return int(datetime.fromisoformat(base + "+00:00").timestamp()) * 10**9 + int(frac.ljust(9, "0"))


def exits(lines):
    """{seq: (read_ns, event_ns, ended_ns, service)} of backoff events with an exit."""
    out = {}
    for read_ns, text in lines:
        try:
            e = json.loads(text).get("event")
        except ValueError:
            continue
        if e and e.get("to") == "backoff" and e.get("exit"):
            out[e["seq"]] = (read_ns, iso_ns(e["time"]), iso_ns(e["exit"]["ended_at"]), e["service"])
    return out


def exit_stamps(d):
    """{service: sorted exit stamps (ns)} from the services' stamp files."""
    out = {}
    stamps = os.path.join(d, "stamps")
    for name in os.listdir(stamps):
        with open(os.path.join(stamps, name)) as f:
            out[name] = sorted(int(line.split()[1]) for line in f if line.startswith("exit "))
    return out


def exit_to_reaped(events, stamps):
    """For each event, its exit's ended_at less the service's last exit stamp before it."""
    out = []
    for _, _, ended, service in events:
        before = [t for t in stamps.get(service, []) if t <= ended]
        if before:
            out.append(ended - before[-1])
    return out


def percentiles(values):
    v = sorted(values)
    if not v:
        return "no samples"
    return "p50 %.2f  p90 %.2f  p99 %.2f ms (%d)" % (v[len(v) // 2] / 1e6, v[int(len(v) * 0.9)] / 1e6,
                                                  v[min(len(v) - 1, int(len(v) * 0.99))] / 1e6, len(v))


def read_socket(path, sink, stop):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(b'{"op":"events","id":1,"history":false,"follow":true}\n')
    f = s.makefile("rb")
    while not stop.is_set():
        line = f.readline()
        if not line:
            return
        sink.append((time.time_ns(), line.decode()))


def read_pipe(stream, sink):
    for line in stream:
        sink.append((time.time_ns(), line.decode()))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    home = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 1000
    crashers = int(argv[3]) if len(argv) > 3 else 50
    seconds = float(argv[4]) if len(argv) > 4 else 12.0
    d = tempfile.mkdtemp(prefix="pdsup-events-", dir="/dev/shm")
    procs = []
    try:
        conf = write_config(d, n, build_svc(d), lambda i: ["-c", "-d", "1000"] if i <= crashers else [])
        log = open(os.path.join(d, "pdsupd.log"), "wb")
        daemon = subprocess.Popen([os.path.join(home, "bin", "pdsupd"), "--config", conf], stdout=log,
                                  stderr=subprocess.STDOUT)
        procs.append(daemon)
        if not wait_started(d, n, daemon):
            print(f"pdsupd ended or took too long; its log: {d}/pdsupd.log", file=sys.stderr)
            return 1
        time.sleep(2)
        raw, ctl, stop = [], [], threading.Event()
        threading.Thread(target=read_socket, args=(os.path.join(d, "pdsupd.sock"), raw, stop), daemon=True).start()
        pdctl = subprocess.Popen([os.path.join(home, "bin", "pdctl"), "-s", os.path.join(d, "pdsupd.sock"), "--json",
                                  "events", "-f"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(pdctl)
        threading.Thread(target=read_pipe, args=(pdctl.stdout, ctl), daemon=True).start()
        load0 = os.getloadavg()[0]
        time.sleep(seconds)
        stop.set()
        a, b = exits(list(raw)), exits(list(ctl))
        both = [s for s in a if s in b]
        print(f"{n} services, {crashers} crashing every 1 s, {seconds:.0f} s, load {load0:.2f} → "
              f"{os.getloadavg()[0]:.2f}; {len(both)} exits seen by both readers")
        print("exit → reaped           ", percentiles(exit_to_reaped([a[s] for s in both], exit_stamps(d))))
        print("reaped → event          ", percentiles([a[s][1] - a[s][2] for s in both]))
        print("event → socket reader   ", percentiles([a[s][0] - a[s][1] for s in both]))
        print("event → pdctl line      ", percentiles([b[s][0] - b[s][1] for s in both]))
        return 0
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=120)
                except subprocess.TimeoutExpired:
                    p.kill()
        subprocess.run(["pkill", "-KILL", "-f", d], check=False)
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
