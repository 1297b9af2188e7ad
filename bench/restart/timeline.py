#!/usr/bin/env python3
"""bench/restart/timeline.py PDSUP_HOME [KILLS] [SHOW_FROM] [SHOW_TO]

One restart, system call by system call: starts PDSUP_HOME/bin/pdsupd on 20 services of the bench's shape
(bench/svc.c, restart always, no backoff), kills services one at a time (10 unrecorded, then KILLS, default 20,
under `perf record -a` of the scheduler's wake-ups and switches, process fork/exec/exit, signal generation and
every system call), and prints the kills SHOW_FROM..SHOW_TO (default 10..11) of the trace: each event's time in
µs from the SIGKILL, thread, event. Root; perf and tracefs needed. Used for docs/benchmarks.md, "Round two
(issue 22), session 8". Keeps the trace's text in ./restart-timeline.txt.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, write_config  # noqa: E402

EVENTS = ("sched:sched_wakeup,sched:sched_switch,sched:sched_process_exec,sched:sched_process_exit,"
          "sched:sched_process_fork,signal:signal_generate,raw_syscalls:sys_enter,raw_syscalls:sys_exit")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    home = argv[1]
    kills = int(argv[2]) if len(argv) > 2 else 20
    first = int(argv[3]) if len(argv) > 3 else 10
    last = int(argv[4]) if len(argv) > 4 else first + 1
    d = tempfile.mkdtemp(prefix="pdsup-timeline-")
    write_config(d, 20, build_svc(d))
    p = subprocess.Popen([home + "/bin/pdsupd", "--config", d + "/pdsupd.conf"],
                         stdout=open(d + "/out.log", "w"), stderr=subprocess.STDOUT)

    def stamp(i):
        try:
            fields = open(f"{d}/stamps/svc{i}").read().split("\n")[-2].split()
            return int(fields[1]), int(fields[2])
        except (OSError, IndexError, ValueError):
            return None

    def kill(k):
        i = 1 + k % 20
        pid = stamp(i)[1]
        os.kill(pid, signal.SIGKILL)
        while stamp(i)[1] == pid:
            time.sleep(0.0005)

    try:
        while any(stamp(i) is None for i in range(1, 21)):
            time.sleep(0.1)
        time.sleep(3)
        for k in range(10):
            kill(k)
            time.sleep(0.05)
        rec = subprocess.Popen(["perf", "record", "-q", "-o", d + "/perf.data", "-e", EVENTS, "-a"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.5)
        for k in range(kills):
            kill(k)
            time.sleep(0.1)
        rec.send_signal(signal.SIGINT)
        rec.wait()
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait()
        subprocess.run(["pkill", "-KILL", "-f", d], check=False)
    text = subprocess.run(["perf", "script", "-i", d + "/perf.data", "-F", "comm,tid,time,event,trace"],
                          capture_output=True, text=True).stdout
    with open("restart-timeline.txt", "w") as f:
        f.write(text)
    lines = [x for x in text.splitlines()
             if "sig=9 " in x or not (x.strip().startswith(("perf ", "python3")) or "prev_comm=perf" in x)]

    def at(x):
        m = re.search(r"\s(\d+\.\d+):", x)
        return float(m.group(1)) if m else None

    starts = [i for i, x in enumerate(lines) if "signal_generate" in x and "sig=9 " in x]
    for s in starts[first:last]:
        t0 = at(lines[s])
        print("---")
        for x in lines[s:s + 8000]:
            t = at(x)
            if t is None or "swapper" in x[:20]:
                continue
            us = (t - t0) * 1e6
            if us > 4000:
                break
            event = re.sub(r"\s+[0-9.]+:\s+", " ", x.strip())[:160]
            print(f"{us:8.0f} {event}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
