#!/usr/bin/env python3
"""pdctl start-up (issue 22): wall clock and CPU of whole commands, taking turns.

    bench/pdctl-startup.py RUNS 'NAME=COMMAND' ['NAME=COMMAND' ...]

Runs every COMMAND 3 times to warm up, then RUNS times each, the commands taking turns (the order reversed
every other round, so a load that rises or falls does not favour one); standard output goes to /dev/null.
Prints for each: the wall clock and the CPU time (user + system of the command and its children, from
wait4(2)'s resource usage) in ms, as median (min-max), its exit statuses, and the 1-minute load average
before and after. On a shared machine the CPU time is the figure to compare; the wall clock says what a user
waits for only on an idle one. Example (docs/benchmarks.md, "pdctl start-up, issue 22"):

    bench/pdctl-startup.py 30 "one=new/bin/pdctl -s d1/sock status svc1" \\
        "all=new/bin/pdctl -s d1000/sock status"
"""
import os
import shlex
import statistics
import sys
import time


def once(cmd):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open("/dev/null", os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, os.waitstatus_to_exitcode(status)


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit() or any("=" not in a for a in argv[2:]):
        sys.exit(__doc__)
    runs = int(argv[1])
    commands = [(name, shlex.split(cmd)) for name, cmd in (a.split("=", 1) for a in argv[2:])]
    for _, cmd in commands:
        for _ in range(3):
            once(cmd)
    results = {name: ([], [], set()) for name, _ in commands}
    load_before = open("/proc/loadavg").read().split()[0]
    for i in range(runs):
        for name, cmd in commands if i % 2 == 0 else commands[::-1]:
            wall, cpu, code = once(cmd)
            results[name][0].append(wall)
            results[name][1].append(cpu)
            results[name][2].add(code)
    load_after = open("/proc/loadavg").read().split()[0]

    def fmt(xs):
        return "%6.1f (%5.1f-%6.1f)" % (statistics.median(xs), min(xs), max(xs))

    print("runs=%d, load average (1 min) %s -> %s" % (runs, load_before, load_after))
    for name, _ in commands:
        walls, cpus, codes = results[name]
        print("%-24s wall %s  cpu %s  exit %s" % (name, fmt(walls), fmt(cpus), sorted(codes)))


if __name__ == "__main__":
    main(sys.argv)
