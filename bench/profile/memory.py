#!/usr/bin/env python3
"""W3's memory, broken down (issue 22): where a pdsupd's PSS at rest goes.

    bench/profile/memory.py PDSUP_HOME N [SETTLE_S]

Starts PDSUP_HOME/bin/pdsupd on N services of the bench's shape (bench/svc.c, built here; restart always,
output to /dev/null) in a directory under /dev/shm, waits until every service has written its start line, then
SETTLE_S seconds (default 8: after the one C-heap trim 3 s after the start), and prints:
  - PSS and RSS in total and per mapping (smaps), largest first, with private dirty / private clean;
  - the JVM's own account (Native Memory Tracking, summary: committed KiB per category);
  - the other processes that map libjvm.so now: a file page mapped by k processes counts 1/k to each one's PSS,
    so pdsupd's PSS moves with the JVMs running beside it (a build, another pdsupd, pdctl).
Then stops pdsupd (SIGTERM) and removes the directory. NMT costs a little memory itself (its own line).
  - the heap's generations (GC.heap_info); with MEMORY_FULL_GC=1 after a full collection (the live set), and
    with MEMORY_HISTOGRAM=K the K largest classes of the live heap (GC.class_histogram).
PDSUPD_JAVA_OPTS from the environment goes to pdsupd before the NMT option.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, wait_started, write_config  # noqa: E402


def smaps(pid):
    """{mapping name: [pss, rss, private_dirty, private_clean]} in KiB."""
    agg, cur = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split()
                cur = agg.setdefault(parts[5] if len(parts) > 5 else "[anon]", [0, 0, 0, 0])
            else:
                key, _, rest = line.partition(":")
                idx = {"Pss": 0, "Rss": 1, "Private_Dirty": 2, "Private_Clean": 3}.get(key)
                if idx is not None:
                    cur[idx] += int(rest.split()[0])
    return agg


def libjvm_mappers(libjvm):
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/maps") as f:
                if libjvm in f.read():
                    with open(f"/proc/{p}/comm") as c:
                        out.append(f"{p} {c.read().strip()}")
        except OSError:
            pass
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    home, n = argv[1], int(argv[2])
    settle = float(argv[3]) if len(argv) > 3 else 8.0
    d = tempfile.mkdtemp(prefix="pdsup-memory-", dir="/dev/shm")
    try:
        conf = write_config(d, n, build_svc(d))
        env = dict(os.environ, PDSUPD_JAVA_OPTS=(os.environ.get("PDSUPD_JAVA_OPTS", "") + " -XX:NativeMemoryTracking=summary").strip())
        log = open(os.path.join(d, "pdsupd.log"), "wb")
        proc = subprocess.Popen([os.path.join(home, "bin", "pdsupd"), "--config", conf], stdout=log,
                                stderr=subprocess.STDOUT, env=env)
        if not wait_started(d, n, proc):
            print(f"pdsupd ended or took too long; its log: {d}/pdsupd.log", file=sys.stderr)
            return 1
        time.sleep(settle)
        pid = proc.pid
        maps = smaps(pid)
        total = [sum(v[i] for v in maps.values()) for i in range(4)]
        print(f"pdsupd pid {pid}, {n} services, {settle:.0f} s after the last start; load {os.getloadavg()[0]:.2f}")
        print(f"PSS {total[0] / 1024:.1f} MiB, RSS {total[1] / 1024:.1f} MiB")
        print(f"{'PSS MiB':>8} {'RSS MiB':>8} {'dirty':>7} {'clean':>7}  mapping")
        for name, v in sorted(maps.items(), key=lambda kv: -kv[1][0])[:10]:
            print(f"{v[0] / 1024:8.1f} {v[1] / 1024:8.1f} {v[2] / 1024:7.1f} {v[3] / 1024:7.1f}  {name}")
        nmt = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True)
        print("NMT committed (KiB):")
        for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", nmt.stdout, re.M):
            if int(m.group(2)) >= 256:
                print(f"{int(m.group(2)):8d}  {m.group(1).strip()}")
        heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True)
        if os.environ.get("MEMORY_FULL_GC"):
            subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
            heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True)
        if os.environ.get("MEMORY_HISTOGRAM"):
            hist = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True)
            print("\n".join(hist.stdout.splitlines()[:int(os.environ["MEMORY_HISTOGRAM"]) + 3]))
        print("GC.heap_info:")
        for line in heap.stdout.splitlines()[1:]:
            print("   " + line.strip())
        libjvm = next((k for k in maps if k.endswith("/libjvm.so")), None)
        if libjvm:
            others = [m for m in libjvm_mappers(libjvm) if not m.startswith(f"{pid} ")]
            print(f"other processes mapping {libjvm}: {len(others)}" + (f" ({', '.join(others[:6])})" if others else ""))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
        return 0
    finally:
        subprocess.run(["pkill", "-KILL", "-f", d], check=False)
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
