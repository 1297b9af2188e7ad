#!/usr/bin/env python3
"""bench/restart/ab.py KILLS LABEL=PDSUP_HOME[=PDSUPD_JAVA_OPTS] ...

SIGKILL -> new process (W6's measure: the kill's CLOCK_REALTIME to the new process's own start stamp, written by
bench/svc.c) for several pdsupd builds or JVM options side by side: one pdsupd per variant, 20 services each (AB_SERVICES=N for another number)
(restart = always, backoff 0, output null, as bench/run.sh configures them), and the kills take turns across the
variants (A B C, C B A, ...), so that every variant meets the same load on a shared machine. Each service is killed
every 20th round, as W6 kills a different service each time: the exit path stays as cold as in W6. Prints the
median and p10-p90 per variant, pdsupd's CPU time (user + system, /proc/PID/stat, start included) and the
voluntary context switches of its spawner threads (/proc/PID/task/*/status).
"""
import os, sys, time, subprocess, statistics as st, signal, tempfile
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, write_config  # noqa: E402
if len(sys.argv) < 3:
    sys.exit(__doc__)
kills = int(sys.argv[1]); variants = []
work = tempfile.mkdtemp(prefix='pdsup-restart-ab-')
svc = build_svc(work)
for a in sys.argv[2:]:
    label, home, *opts = a.split('=', 2)
    variants.append((label, home, opts[0] if opts else ''))
NS = int(os.environ.get('AB_SERVICES', '20'))  # services per pdsupd; W6 runs among 1,000
insts = []
for label, home, opts in variants:
    d = os.path.join(work, label); os.makedirs(d)
    write_config(d, NS, svc)
    env = dict(os.environ, PDSUPD_JAVA_OPTS=opts)
    p = subprocess.Popen([home + '/bin/pdsupd', '--config', d + '/pdsupd.conf'], env=env,
                         stdout=open(d + '/out.log', 'w'), stderr=subprocess.STDOUT)
    insts.append((label, d, p))
def last(d, i):
    try:
        with open(f'{d}/stamps/svc{i + 1}') as f: l = f.read().split('\n')[-2].split()
        return int(l[1]), int(l[2])
    except (FileNotFoundError, IndexError): return None
deadline = time.time() + 60
for label, d, p in insts:
    while any(last(d, i) is None for i in range(NS)):
        if time.time() > deadline: sys.exit(f'{label}: services did not start')
        time.sleep(0.1)
time.sleep(2)
res = {l: [] for l, _, _ in insts}
cpu0 = {}
for k in range(kills):
    order = insts if k % 2 == 0 else list(reversed(insts))
    for label, d, p in order:
        i = k % NS
        ns, pid = last(d, i)
        t = time.time_ns(); os.kill(pid, 9)
        end = time.time() + 10
        while True:
            l = last(d, i)
            if l and l[1] != pid: break
            if time.time() > end: sys.exit(f'{label}: svc{i + 1} not restarted')
            time.sleep(0.0005)
        res[label].append((l[0] - t) / 1e6)
        time.sleep(0.03)
for label, d, p in insts:
    s = sorted(res[label]); q = lambda x: s[int(x * (len(s) - 1))]
    with open(f'/proc/{p.pid}/stat') as f: fl = f.read().rsplit(')', 1)[1].split()
    cpu = (int(fl[11]) + int(fl[12])) * 10
    print(f'{label:10s} n={len(s)} p50 {st.median(s):.2f} ms (p10 {q(.1):.2f}, p25 {q(.25):.2f}, p75 {q(.75):.2f}, p90 {q(.9):.2f}); pdsupd cpu {cpu} ms')
    vol = 0  # voluntary context switches of the spawner threads: each wait in a spawn is one
    for t in os.listdir(f'/proc/{p.pid}/task'):
        try:
            status = open(f'/proc/{p.pid}/task/{t}/status').read().split('\n')
        except OSError:
            continue
        if 'pdsupd-spawner' in status[0]:
            vol += int([x for x in status if x.startswith('voluntary_ctxt_switches')][0].split()[1])
    print(f'{label:10s} spawner threads: {vol} voluntary context switches')
    p.send_signal(signal.SIGTERM)
for label, d, p in insts: p.wait(30)
print('load', open('/proc/loadavg').read().strip())
subprocess.run(['rm', '-rf', work])
