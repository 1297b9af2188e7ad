#!/usr/bin/env python3
"""Cold start of N bench-shaped services: where pdsupd's CPU went, per thread, when the last one started.

    bench/start/threads.py PDSUP_HOME N WORKDIR [JVM OPTION...]

Writes WORKDIR/pdsupd.conf (the shape of bench/pdbench/sup_pdsup.py: restart = always, backoff 0, no output
capture; each service is bench/svc.c, built into WORKDIR, stamping WORKDIR/stamps/NAME when it starts), starts
PDSUP_HOME/bin/pdsupd with the JVM options in PDSUPD_JAVA_OPTS, waits until every service has stamped, then
prints one JSON line: first and last service after launch (ms), pdsupd's CPU (user + sys, ms), its CPU per thread
(/proc/PID/task/*/stat; threads share a name up to the kernel's 15 characters, so the four spawner threads add
up; "exited+other" is what threads that already ended used, such as the JVM's one thread per SIGCHLD), the CPU
of the children it reaped (the exec helpers: cutime + cstime) and the 1-minute load average. Then stops
pdsupd with SIGTERM. For a JFR recording, set _JAVA_SR_SIGNUM=40 in the environment: HotSpot's sampler
otherwise suspends threads with SIGUSR2, which pdsupd takes as a re-exec request.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, write_config  # noqa: E402

home, n, out = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
opts = " ".join(sys.argv[4:])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
svc = build_svc(out)
write_config(out, n, svc)

hz = os.sysconf("SC_CLK_TCK")


def stat_fields(path):
    s = open(path).read()
    r = s.rindex(")")
    return s[s.index("(") + 1:r], s[r + 2:].split()


env = dict(os.environ, PDSUPD_JAVA_OPTS=opts)
t0 = time.time()
p = subprocess.Popen([os.path.join(home, "bin", "pdsupd"), "--config", os.path.join(out, "pdsupd.conf")], env=env,
                     stdout=open(os.path.join(out, "stdout"), "w"), stderr=subprocess.STDOUT)
first = None
while True:  # a measuring harness, not the product: it polls the stamp directory
    count = len(os.listdir(os.path.join(out, "stamps")))
    if count and first is None:
        first = time.time() - t0
    if count >= n:
        break
    if p.poll() is not None:
        sys.exit(f"pdsupd ended (status {p.returncode}); see {out}/stdout")
    time.sleep(0.005)
last = time.time() - t0
threads = {}
for t in os.listdir(f"/proc/{p.pid}/task"):
    try:
        name, f = stat_fields(f"/proc/{p.pid}/task/{t}/stat")
    except OSError:
        continue
    threads[name] = threads.get(name, 0) + (int(f[11]) + int(f[12])) * 1000 / hz
_, f = stat_fields(f"/proc/{p.pid}/stat")
total = (int(f[11]) + int(f[12])) * 1000 / hz
children = (int(f[13]) + int(f[14])) * 1000 / hz
load = open("/proc/loadavg").read().split()[0]
p.send_signal(signal.SIGTERM)
p.wait(120)
top = sorted(threads.items(), key=lambda x: -x[1])
top.append(["exited+other", total - sum(threads.values())])
print(json.dumps({"first_ms": round(first * 1000), "last_ms": round(last * 1000), "cpu_ms": total,
                  "children_ms": children, "load": load, "threads": top}))
