#!/usr/bin/env python3
"""Which threads of a process wake up while it should be idle.

    bench/idle-threads.py PID [SECONDS]

Samples every thread of PID (/proc/PID/task/*) before and after SECONDS
(default 30) and prints, per thread that ran, its name, its CPU time and its
context switches (voluntary = it slept and was woken; involuntary = it was
preempted) in that window, busiest first. For a JVM, the thread names are
the Java thread names (truncated to 15 characters by the kernel); match them
with `jcmd PID Thread.print` for their stacks. Used for W3 of docs/benchmarks.md.
"""
import os
import sys
import time


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def sample(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        sched = read(base + "/schedstat").split()
        vol = invol = 0
        for line in read(base + "/status").splitlines():
            if line.startswith("voluntary_ctxt_switches"):
                vol = int(line.split()[1])
            elif line.startswith("nonvoluntary_ctxt_switches"):
                invol = int(line.split()[1])
        out[tid] = (read(base + "/comm").strip(), int(sched[0]) if sched else 0, vol, invol)
    return out


def main(argv):
    if not argv or not argv[0].isdigit():
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pid, secs = int(argv[0]), float(argv[1]) if len(argv) > 1 else 30.0
    before = sample(pid)
    time.sleep(secs)
    after = sample(pid)
    rows = []
    for tid, (name, cpu, vol, invol) in after.items():
        _, cpu0, vol0, invol0 = before.get(tid, (name, 0, 0, 0))
        if (cpu - cpu0, vol - vol0, invol - invol0) != (0, 0, 0):
            rows.append((cpu - cpu0, vol - vol0, invol - invol0, tid, name, tid not in before))
    rows.sort(reverse=True)
    gone = [before[t][0] for t in before if t not in after]
    print(f"pid {pid}: {len(after)} threads, {len(rows)} ran in {secs:.0f} s"
          + (f"; ended meanwhile: {', '.join(gone)}" if gone else ""))
    print(f"{'cpu ms':>9} {'wakeups':>8} {'preempt':>8}  tid      thread")
    for cpu, vol, invol, tid, name, new in rows:
        print(f"{cpu / 1e6:9.2f} {vol:8d} {invol:8d}  {tid:<8} {name}{' (new)' if new else ''}")
    print(f"{sum(r[0] for r in rows) / 1e6:9.2f} {sum(r[1] for r in rows):8d} "
          f"{sum(r[2] for r in rows):8d}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
