"""The workloads W1–W7 of issue 10. Each measures one private instance of one
supervisor; latencies come from the stamps svc writes, not from the harness."""
import json
import os
import shlex
import shutil
import subprocess
import time

from . import procs
from .stamps import StampDir
from .supervisor import ServiceSpec, Unavailable

MS = 1e6  # ns per ms


class BenchError(Exception):
    """A workload could not be measured; the message says why."""


def long_services(names):
    return [ServiceSpec(n, False, 0) for n in names]


class Instance:
    """One supervisor instance with its services, started in a fresh
    directory and stopped (with all its processes) on exit."""

    def __init__(self, runner, sup_cls, tag, services, with_events=False):
        self.runner = runner
        self.sup = sup_cls(runner.env)
        self.tag = tag
        self.services = services
        self.with_events = with_events
        self.dir = os.path.join(runner.workdir, tag)
        self.stamps = StampDir(os.path.join(self.dir, "stamps"))
        self.launch_ns = None

    def __enter__(self):
        self.launch_ns = self.sup.start(self.dir, self.services, self.stamps, self.with_events)
        return self

    def __exit__(self, *exc):
        self.sup.stop(timeout_s=90)
        return False

    def log_tail(self):
        path = os.path.join(self.dir, f"{self.sup.name}.out")
        try:
            with open(path, "rb") as f:
                return f.read()[-2000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def check_alive(self):
        if not self.sup.running():
            raise BenchError(f"{self.sup.name} exited (rc {self.sup.proc.returncode}): {self.log_tail()}")

    def wait_all_started(self, timeout_s):
        """Waits (polling every 50 ms, bounded) until every service wrote its
        first start line; returns the latest first start (ns)."""
        n = len(self.services)
        end = time.monotonic() + timeout_s
        while self.stamps.started_count() < n:
            self.check_alive()
            if time.monotonic() > end:
                raise BenchError(f"{self.sup.name}: only {self.stamps.started_count()} of {n} "
                                 f"services started within {timeout_s} s")
            time.sleep(0.05)
        firsts = []
        for spec in self.services:
            s = self.stamps.starts(spec.name)
            while not s:  # file created, line not yet written
                time.sleep(0.001)
                s = self.stamps.starts(spec.name)
            firsts.append(s[0].ns)
        return min(firsts), max(firsts)

    def wait_new_start(self, name, after_ns, old_pid, timeout_s):
        """Waits (polling the stamp file every 2 ms, bounded) for a start
        line after after_ns from a process other than old_pid."""
        end = time.monotonic() + timeout_s
        size = -1
        while time.monotonic() < end:
            cur = self.stamps.size(name)
            if cur != size:
                size = cur
                for s in reversed(self.stamps.starts(name)):
                    if s.ns > after_ns and s.pid != old_pid:
                        return s
            time.sleep(0.002)
        return None


class Runner:
    def __init__(self, env, workdir, opts, log):
        self.env = env
        self.workdir = workdir
        self.opts = opts
        self.log = log

    # -- W2, W3, W6, W4, W5 on one instance of N long-running services -----
    def lifecycle(self, sup_cls, n, rep, wanted):
        res = {}
        names = [f"svc{i}" for i in range(1, n + 1)]
        tag = f"{sup_cls.name}-life-n{n}-r{rep}"
        with Instance(self, sup_cls, tag, long_services(names)) as inst:
            first, last = inst.wait_all_started(self.opts.start_timeout)
            # the supervisor's own CPU for the start: the load of other processes on the machine stretches
            # the wall clock, hardly this (services and exited helpers are not counted)
            cpu = sum(procs.cpu_ns(p) for p in inst.sup.processes())
            res["W2"] = {"last_ms": (last - inst.launch_ns) / MS, "first_ms": (first - inst.launch_ns) / MS,
                         "cpu_ms": cpu / MS}
            self.log(f"  W2 cold start: last service {res['W2']['last_ms']:.0f} ms after launch, "
                     f"supervisor CPU {res['W2']['cpu_ms']:.0f} ms")
            self.settle(inst)
            if "W3" in wanted:
                res["W3"] = self.idle(inst)
            if "W6" in wanted:
                res["W6"] = self.kill_one(inst, names)
            if "W4" in wanted:
                res["W4"] = self.control(inst, names)
            if "W5" in wanted:
                res["W5"] = self.stop_all(inst, names)
        if "W2" not in wanted:
            del res["W2"]
        return res

    def settle(self, inst):
        time.sleep(self.opts.settle)
        inst.check_alive()

    def idle(self, inst):
        window = self.opts.w3_window
        pids = inst.sup.processes()
        cpu0 = {p: procs.cpu_ns(p) for p in pids}
        sw0 = {p: procs.context_switches(p) for p in pids}
        time.sleep(window)
        inst.check_alive()
        cpu = sum(procs.cpu_ns(p) - cpu0[p] for p in pids if procs.alive(p))
        sw = sum(procs.switches_since(sw0[p], procs.context_switches(p)) for p in pids if procs.alive(p))
        rss = pss = 0
        now = inst.sup.processes()
        for p in now:
            r, s = procs.memory_kib(p)
            rss += r
            pss += s
        out = {"window_s": window, "cpu_ms": cpu / MS, "context_switches": sw, "processes": len(now),
               "rss_mib": rss / 1024, "pss_mib": pss / 1024}
        self.log(f"  W3 idle {window:.0f} s: cpu {out['cpu_ms']:.1f} ms, {sw} wakeups, "
                 f"{len(now)} processes, RSS {out['rss_mib']:.1f} MiB, PSS {out['pss_mib']:.1f} MiB")
        return out

    def kill_one(self, inst, names):
        samples = []
        victims = list(reversed(names))
        for i in range(self.opts.w6_samples):
            name = victims[i % len(victims)]
            last = inst.stamps.last_start(name)
            # runsv and s6 wait 1 s before restarting a service that ran < 1 s
            young = (procs.now_ns() - last.ns) / 1e9
            if young < 1.2:
                time.sleep(1.2 - young)
            if not procs.alive(last.pid):
                raise BenchError(f"{inst.sup.name}: {name} (pid {last.pid}) is not running")
            t = procs.now_ns()
            os.kill(last.pid, 9)
            s = inst.wait_new_start(name, t, last.pid, timeout_s=10)
            if s is None:
                raise BenchError(f"{inst.sup.name}: {name} not restarted within 10 s of SIGKILL")
            samples.append((s.ns - t) / MS)
            time.sleep(0.05)
        inst.check_alive()
        self.log(f"  W6 SIGKILL → restart: median {sorted(samples)[len(samples) // 2]:.1f} ms "
                 f"({len(samples)} samples)")
        return {"samples_ms": samples}

    def control(self, inst, names):
        sup = inst.sup
        out = {}
        runs, warm = self.opts.w4_runs, self.opts.w4_warmup
        fixed = [("status_all", sup.status_all_cmd()), ("status_one", sup.status_one_cmd(names[0]))]
        for key, cmd in fixed:
            rc, text = sup.run(cmd)
            if rc != 0:
                raise BenchError(f"{sup.name}: `{cmd}` exited {rc}: {text[-500:]}")
            out[key] = self.hyperfine(inst, key, [cmd], runs, warm)
            out[key + "_cmd"] = cmd
        # restarts: a different service each run, so runsv's and s6's
        # one-second rule for young services never applies
        targets = names[1:1 + runs] if len(names) > runs else names[1:] or names
        for key, make in (("restart_one", sup.restart_one_cmd), ("restart_one_nowait", sup.restart_one_nowait_cmd)):
            if make(targets[0]) is None:
                continue
            cmds = [make(t) for t in targets]
            out[key + "_cmd"] = make("NAME")
            try:
                out[key] = self.hyperfine(inst, key, cmds, 1, 0)
            except BenchError as e:
                # one failed command should not cost the other workloads
                out[key + "_error"] = str(e).splitlines()[0][:300]
                self.log(f"  W4 {key}: {out[key + '_error']}")
            time.sleep(1.2)  # let the restarted services age past 1 s
        self.log("  W4 " + ", ".join(f"{k} {sorted(v)[len(v) // 2]:.1f} ms" for k, v in out.items()
                                     if isinstance(v, list)))
        inst.check_alive()
        return out

    def hyperfine(self, inst, key, cmds, runs, warmup):
        """Times each command with hyperfine (whole command, client start
        included); returns the run times in ms of all commands."""
        path = os.path.join(inst.dir, f"hyperfine-{key}.json")
        # -N: no intermediate shell, so nothing is subtracted as "shell
        # start-up"; a command line that needs a shell (glob, loop) runs
        # under an explicit sh -c, whose start-up then counts.
        argv = ["hyperfine", "-N", "--style", "none", "--export-json", path, "--runs", str(runs)]
        if warmup:
            argv += ["--warmup", str(warmup)]
        argv += [f"sh -c {shlex.quote(c)}" if any(ch in c for ch in "*;|$&<>") else c for c in cmds]
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=900)
        if r.returncode != 0:
            detail = " ".join(r.stderr.decode().split())[:200]
            raise BenchError(f"hyperfine {key} failed: {detail}")
        with open(path) as f:
            data = json.load(f)
        return [t * 1000 for res in data["results"] for t in res["times"]]

    def stop_all(self, inst, names):
        sup = inst.sup
        pids = []
        for name in names:
            s = inst.stamps.last_start(name)
            if s and procs.alive(s.pid):
                pids.append(s.pid)
        watch = procs.PidWatch(pids)
        cmd = sup.stop_all_cmd()
        try:
            t0 = procs.now_ns()
            p = subprocess.Popen(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL)
            gone = watch.wait(t0 + int(self.opts.stop_timeout * 1e9))
            try:
                _, err = p.communicate(timeout=self.opts.stop_timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                _, err = p.communicate()
            t_cmd = procs.now_ns()
        finally:
            watch.close()
        missing = len(pids) - len(gone)
        if missing:
            raise BenchError(f"{sup.name}: {missing} of {len(pids)} services still running "
                             f"{self.opts.stop_timeout} s after `{cmd[:200]}` (rc {p.returncode}: "
                             f"{err.decode()[-300:]})")
        out = {"gone_ms": (max(gone.values()) - t0) / MS, "command_ms": (t_cmd - t0) / MS,
               "rc": p.returncode, "services": len(pids)}
        self.log(f"  W5 stop all: last service gone {out['gone_ms']:.0f} ms after the command "
                 f"(command returned after {out['command_ms']:.0f} ms, rc {p.returncode})")
        return out

    # -- W1: one service crashing in a loop, among N -----------------------
    def crash_loop(self, sup_cls, n, rep):
        services = [ServiceSpec("crash1", True, 0)] + long_services(f"svc{i}" for i in range(2, n + 1))
        window = self.opts.w1_window
        with Instance(self, sup_cls, f"{sup_cls.name}-w1-n{n}-r{rep}", services) as inst:
            inst.wait_all_started(self.opts.start_timeout)
            self.settle(inst)
            t0 = procs.now_ns()
            time.sleep(window)
            t1 = procs.now_ns()
            inst.check_alive()
            lines = inst.stamps.read("crash1")
        gaps, restarts = [], 0
        for a, b in zip(lines, lines[1:]):
            if a.kind == "exit" and b.kind == "start" and t0 <= a.ns and b.ns <= t1:
                gaps.append((b.ns - a.ns) / MS)
        restarts = sum(1 for s in lines if s.kind == "start" and t0 <= s.ns <= t1)
        out = {"gaps_ms": gaps, "restarts": restarts, "window_s": window,
               "restarts_per_10s": restarts * 10.0 / window}
        med = sorted(gaps)[len(gaps) // 2] if gaps else float("nan")
        self.log(f"  W1 crash loop: respawn gap median {med:.2f} ms, {restarts} restarts in {window:.0f} s")
        return out

    # -- W7: exit → exit event, M services of which C crash in a loop ------
    def exit_events(self, sup_cls, rep):
        m, c = self.opts.w7_services, self.opts.w7_crashers
        crash = [f"crash{i}" for i in range(1, c + 1)]
        services = [ServiceSpec(x, True, self.opts.w7_crash_delay) for x in crash] + long_services(
            f"svc{i}" for i in range(c + 1, m + 1))
        window = self.opts.w7_window
        with Instance(self, sup_cls, f"{sup_cls.name}-w7-r{rep}", services, with_events=True) as inst:
            try:
                source = inst.sup.event_source(crash)
            except Unavailable as e:
                return {"unavailable": str(e)}
            inst.wait_all_started(self.opts.start_timeout)
            source.start()
            try:
                if not source.wait_ready(30):
                    raise BenchError(f"{inst.sup.name}: event stream not ready within 30 s")
                self.settle(inst)
                steady_s = self.wait_steady(inst, source, crash)
                t0 = procs.now_ns()
                time.sleep(window)
                t1 = procs.now_ns()
                time.sleep(self.opts.w7_grace)  # late events
                inst.check_alive()
            finally:
                source.stop()
            evs = source.events()
            exits = {n: [e for e in inst.stamps.exits(n) if t0 <= e.ns <= t1] for n in crash}
        out = self.match_events(exits, evs)
        out["steady_after_s"] = steady_s
        return out

    def wait_steady(self, inst, source, crash):
        """Waits (bounded by --w7-steady-timeout) until the event stream keeps
        up: for 90 % of the crashing services, the latest exit older than 1 s
        has its event. A supervisor that is still working off the backlog of
        its cold start (supervisord) would otherwise be measured on that.
        Streams without pids (s6) are taken as steady. Returns the wait, s."""
        start = time.monotonic()
        while True:
            evs = source.events()
            if any(e.pid is None for e in evs):
                break
            keys = {(e.service, int(e.pid)) for e in evs if e.pid is not None}
            horizon = procs.now_ns() - 1_000_000_000
            total = seen = 0
            for name in crash:
                old = [x for x in inst.stamps.read(name, tail_bytes=8192)
                       if x.kind == "exit" and x.ns < horizon]
                if old:
                    total += 1
                    seen += (name, old[-1].pid) in keys
            if total and seen >= 0.9 * total:
                break
            if time.monotonic() - start > self.opts.w7_steady_timeout:
                self.log(f"  W7: event stream still behind after {self.opts.w7_steady_timeout:.0f} s "
                         f"({seen} of {total} latest exits have their event); measuring anyway")
                break
            time.sleep(1)
            inst.check_alive()
        waited = time.monotonic() - start
        if waited > 1.5:
            self.log(f"  W7: event stream caught up {waited:.0f} s after the last first start")
        return waited

    def match_events(self, exits, evs):
        lat, stamped, unmatched = [], [], 0
        by_key = {}
        by_service = {}
        for e in evs:
            if e.pid is not None:
                by_key.setdefault((e.service, int(e.pid)), e)
            by_service.setdefault(e.service, []).append(e)
        for name, xs in exits.items():
            pool = sorted(by_service.get(name, []), key=lambda e: e.recv_ns)
            i = 0
            for x in sorted(xs, key=lambda s: s.ns):
                ev = by_key.get((name, x.pid))
                if ev is None and pool and pool[0].pid is None:
                    while i < len(pool) and pool[i].recv_ns < x.ns:
                        i += 1
                    ev = pool[i] if i < len(pool) else None
                    i += 1
                if ev is None:
                    unmatched += 1
                    lat.append(float("inf"))  # no event within the grace period
                    continue
                lat.append((ev.recv_ns - x.ns) / MS)
                if ev.time_ns is not None:
                    stamped.append((ev.time_ns - x.ns) / MS)
        total = sum(len(xs) for xs in exits.values())
        out = {"latency_ms": lat, "event_time_ms": stamped, "exits": total, "unmatched": unmatched,
               "grace_s": self.opts.w7_grace}
        if lat:
            s = sorted(lat)
            self.log(f"  W7 exit → event received: median {s[len(s) // 2]:.2f} ms, "
                     f"p99 {s[min(len(s) - 1, int(len(s) * 0.99))]:.2f} ms, {total} exits, {unmatched} without event")
        else:
            self.log(f"  W7: no exit matched an event ({total} exits, {len(evs)} events)")
        return out


def hyperfine_available():
    return shutil.which("hyperfine") is not None
