#!/usr/bin/env python3
"""bench/restart/wakeups.py KILLS PDSUP_HOME [PDSUP_HOME ...]

The restart's wake-ups: one pdsupd per build (20 services each, bench/run.sh's configuration), kills taking turns
between the builds; for each build, kill -> new process (the service's own start stamp) p10/p50/p90 and the
voluntary context switches per kill of each of pdsupd's threads (/proc/PID/task/*/status, summed by thread name),
counted from the kill to 30 ms after the new process stamped its start. The switches do not move with the
machine's load, so they compare builds on a shared machine where the latencies cannot.
"""
import os, sys, time, subprocess, signal, collections, statistics as st
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from profile_common import build_svc, write_config
if len(sys.argv) < 3:
    sys.exit(__doc__)
homes = sys.argv[2:]; kills = int(sys.argv[1])
import tempfile
work = tempfile.mkdtemp(prefix='pdsup-wakeups-')
insts = []
for k, h in enumerate(homes):
    d = os.path.join(work, str(k)); os.makedirs(d)
    svc = build_svc(d); write_config(d, 20, svc)
    p = subprocess.Popen([h + '/bin/pdsupd', '--config', d + '/pdsupd.conf'], stdout=open(d + '/out.log', 'w'), stderr=subprocess.STDOUT)
    insts.append((h, d, p))
def last(d, i):
    try:
        l = open(f'{d}/stamps/svc{i}').read().split('\n')[-2].split(); return int(l[1]), int(l[2])
    except Exception: return None
for h, d, p in insts:
    while any(last(d, i) is None for i in range(1, 21)): time.sleep(0.1)
time.sleep(2)
def switches(pid):
    out = collections.Counter()
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            txt = open(f'/proc/{pid}/task/{t}/status').read()
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
        except OSError: continue
        v = int([l for l in txt.splitlines() if l.startswith('voluntary_ctxt_switches')][0].split()[1])
        out[name.rstrip('0123456789-')] += v
    return out
lat = {h: [] for h, _, _ in insts}; sw = {h: collections.Counter() for h, _, _ in insts}
for k in range(kills):
    order = insts if k % 2 == 0 else list(reversed(insts))
    for h, d, p in order:
        i = 1 + k % 20; ns, pid = last(d, i)
        s0 = switches(p.pid); t = time.time_ns(); os.kill(pid, 9)
        while True:
            l = last(d, i)
            if l and l[1] != pid: break
            time.sleep(0.0005)
        time.sleep(0.03); s1 = switches(p.pid)
        lat[h].append((l[0] - t) / 1e6); sw[h].update({n: s1[n] - s0.get(n, 0) for n in s1})
    time.sleep(0.05)
for h, d, p in insts:
    p.send_signal(signal.SIGTERM); p.wait()
    subprocess.run(['pkill', '-KILL', '-f', d], check=False)
    v = sorted(lat[h])
    print(f'{h}: p50 {st.median(v):.2f} p10 {v[len(v)//10]:.2f} p90 {v[int(len(v)*0.9)]:.2f} ms; switches per kill:',
          ', '.join(f'{n} {c/kills:.2f}' for n, c in sw[h].most_common() if c))
