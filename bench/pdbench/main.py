"""bench/run.sh: runs the workloads on pdsup and its peers, prints medians with
spread, and writes the raw samples under bench/out/<date>/."""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import traceback

from . import procs, scale, scratch
from .report import Report, targets_table
from .sup_pdsup import Pdsup
from .sup_runit import Runit
from .sup_s6 import S6
from .sup_supervisord import Supervisord
from .supervisor import Env, Unavailable
from .workloads import BenchError, Runner

SUPERVISORS = {c.name: c for c in (Pdsup, Supervisord, S6, Runit)}
WORKLOADS = ("W1", "W2", "W3", "W4", "W5", "W6", "W7")
LIFECYCLE = ("W2", "W3", "W4", "W5", "W6")
BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)


class Interrupted(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__)
    p.add_argument("--supervisor", default="all",
                   help="pdsup, supervisord, s6, runit, a comma-separated list, or all (default)")
    p.add_argument("--n", default="100,1000", help="numbers of services, comma-separated (default 100,1000)")
    p.add_argument("--reps", type=int, default=3, help="repetitions (default 3)")
    p.add_argument("--workloads", default=",".join(WORKLOADS), help="comma-separated, e.g. W1,W6")
    p.add_argument("--scale", action="store_true",
                   help="the scale curve: W2,W3,W4,W6 at N=100,1000,3000,10000 (unless --n or --workloads say "
                        "otherwise), 1 repetition unless --reps; adds scale.md, scale.csv and scale.png (the "
                        "cost per service) to the results; with --report, renders them from a raw.json")
    p.add_argument("--quick", action="store_true",
                   help="the test-suite mode: N=5, 1 repetition, W2+W6+W5 on one instance per supervisor")
    p.add_argument("--w1-window", type=float, default=10.0, help="W1 crash-loop window, s (default 10)")
    p.add_argument("--w3-window", type=float, default=30.0, help="W3 idle window, s (default 30)")
    p.add_argument("--w4-runs", type=int, default=10, help="W4 runs per command (default 10)")
    p.add_argument("--w4-warmup", type=int, default=2, help="W4 warm-up runs (default 2)")
    p.add_argument("--w6-samples", type=int, default=20, help="W6 kills per repetition (default 20)")
    p.add_argument("--w7-services", type=int, default=1000, help="W7 services (default 1000)")
    p.add_argument("--w7-crashers", type=int, default=50, help="W7 services crashing in a loop (default 50)")
    p.add_argument("--w7-crash-delay", type=int, default=1000,
                   help="W7: how long each crashing service lives, ms (default 1000: every supervisor "
                        "then sees the same ~50 exits/s, and runsv's and s6's 1 s rule does not apply)")
    p.add_argument("--w7-window", type=float, default=10.0, help="W7 window, s (default 10)")
    p.add_argument("--w7-grace", type=float, default=10.0,
                   help="W7: how long after the window events may still arrive, s (default 10)")
    p.add_argument("--w7-steady-timeout", type=float, default=180.0,
                   help="W7: bound on waiting for the event stream to catch up, s (default 180)")
    p.add_argument("--settle", type=float, default=5.0,
                   help="seconds between the last start and a measurement (default 5)")
    p.add_argument("--start-timeout", type=float, default=300.0, help="bound on a cold start, s")
    p.add_argument("--stop-timeout", type=float, default=120.0, help="bound on stopping all services, s")
    p.add_argument("--pdsup-home", help="unpacked pdsup tarball (default packaging/target/pdsup)")
    p.add_argument("--java-home", help="JAVA_HOME for pdsupd and pdctl (default: the launcher's choice)")
    p.add_argument("--out", help="results directory (default bench/out/<date>/<time>)")
    p.add_argument("--scratch",
                   help="where the instances live (default /dev/shm, a RAM file system); a comma-separated "
                        "list runs the whole bench once per directory, each into its own results directory "
                        "(OUT/scratch-NAME); 'both' = /dev/shm,/var/tmp (a RAM file system and the disk)")
    p.add_argument("--report", metavar="RAW_JSON",
                   help="measure nothing: print the tables of an earlier run from its raw.json (several "
                        "comma-separated: merged, e.g. pdsup and the peers measured in two runs); with --scale, "
                        "scale.md/csv/png go beside the first, or into --out")
    p.add_argument("--keep-work", action="store_true", help="keep bench/.work/<run> (configs, stamps, logs)")
    a = p.parse_args(argv)
    if a.scale:
        given = " ".join(argv)
        if "--n" not in given:
            a.n = ",".join(str(n) for n in scale.SCALE_NS)
        if "--workloads" not in given:
            a.workloads = ",".join(scale.SCALE_WORKLOADS)
        if "--reps" not in given:
            a.reps = 1
        if "--start-timeout" not in given:
            a.start_timeout = 900.0
        if "--stop-timeout" not in given:
            a.stop_timeout = 600.0
    if a.quick:
        a.n, a.reps, a.workloads = "5", 1, "W2,W6,W5"
        a.w6_samples, a.settle, a.start_timeout, a.stop_timeout = 3, 1.5, 30.0, 30.0
    sups = list(SUPERVISORS) if a.supervisor == "all" else a.supervisor.split(",")
    for s in sups:
        if s not in SUPERVISORS:
            p.error(f"--supervisor: unknown supervisor {s!r} (known: {', '.join(SUPERVISORS)}, all)")
    a.sups = sups
    try:
        a.ns = [int(x.replace("_", "")) for x in a.n.split(",")]
    except ValueError:
        p.error(f"--n: not a comma-separated list of numbers: {a.n!r}")
    if any(n < 2 for n in a.ns):
        p.error("--n: every N must be at least 2")
    a.wanted = [w.strip().upper() for w in a.workloads.split(",")]
    for w in a.wanted:
        if w not in WORKLOADS:
            p.error(f"--workloads: unknown workload {w!r} (known: {', '.join(WORKLOADS)})")
    if a.reps < 1:
        p.error("--reps must be at least 1")
    if a.w7_crashers >= a.w7_services:
        p.error("--w7-crashers must be smaller than --w7-services")
    return a


def build_svc(workdir):
    out = os.path.join(workdir, "bin", "svc")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(["cc", "-O2", "-Wall", "-o", out, os.path.join(BENCH_DIR, "svc.c")], check=True)
    return out


def capture(argv):
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return r.stdout.decode("utf-8", "replace").strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"({e})"


def machine(opts):
    pkgs = capture(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "supervisor", "s6", "runit", "hyperfine"])
    java = os.path.join(opts.java_home, "bin", "java") if opts.java_home else "java"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "memory": capture(["free", "-h"]),
        "kernel": platform.release(),
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name")), "?"),
        "java": capture([java, "-version"]),
        "packages": pkgs,
        "python": sys.version.split()[0],
    }


def on_signal(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def load_raw(paths):
    """One raw.json, or several merged (comma-separated paths: e.g. pdsup and the peers measured in two runs
    of one session); the first one's machine and options head the merge."""
    raw = None
    for path in paths.split(","):
        with open(path) as f:
            r = json.load(f)
        if raw is None:
            raw = r
            raw["options"]["ns"] = list(raw["options"]["ns"])
            continue
        for sup, byw in r["results"].items():
            for wl, byn in byw.items():
                for n, reps in byn.items():
                    raw["results"].setdefault(sup, {}).setdefault(wl, {}).setdefault(n, []).extend(reps)
        for sup in r["options"]["sups"]:
            if sup not in raw["options"]["sups"]:
                raw["options"]["sups"].append(sup)
        raw["options"]["ns"] = sorted(set(raw["options"]["ns"]) | set(r["options"]["ns"]))
        raw.setdefault("notes", {}).update(r.get("notes", {}))
        m, m2 = raw["machine"], r["machine"]
        m["date"] = f"{m['date']} and {m2['date']}"
        m["loadavg_end"] = m2.get("loadavg_end", "?")
    return raw


def render(raw_path, opts):
    """The tables of an earlier run, from its raw.json (or several, merged)."""
    raw = load_raw(raw_path)
    o = raw["options"]
    results = {s: {w: {int(n): reps for n, reps in byn.items()} for w, byn in r.items()}
               for s, r in raw["results"].items()}
    notes = {}
    for k, v in raw.get("notes", {}).items():
        sup, wl = k.split("/", 1)
        notes[(sup, None if wl == "*" else wl)] = v
    m = raw["machine"]
    print(f"Run {m['date']} on {m['nproc']} CPUs ({m['cpu']}), kernel {m['kernel']}; scratch "
          f"{m.get('scratch', '/dev/shm')}; load average at start {m.get('loadavg_start', '?')}, at end "
          f"{m.get('loadavg_end', '?')}\n")
    print(Report(results, notes, o["sups"], o["ns"], o["w7_services"]).markdown())
    print(targets_table(results))
    if opts.scale or o.get("scale"):
        outdir = opts.out or os.path.dirname(os.path.abspath(raw_path.split(",")[0]))
        os.makedirs(outdir, exist_ok=True)
        print(scale.write_all(results, o["sups"], o["ns"], outdir, scale_title(m)))
        print(f"(scale.md, scale.csv and scale.png written to {outdir})")
    return 0


def scale_title(m):
    return (f"pdbench --scale, {m['date']}, {m['nproc']} CPUs, load average at start "
            f"{' '.join(str(m.get('loadavg_start', '?')).split()[:3])}, scratch {m.get('scratch', '/dev/shm')}")


def main(argv):
    opts = parse_args(argv)
    if opts.report:
        return render(opts.report, opts)
    roots = scratch.roots(opts.scratch)
    if len(roots) > 1:
        return scratch.run_each(main, argv, opts.out, roots, BENCH_DIR)
    if roots:
        opts.scratch = roots[0]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    run_id = datetime.datetime.now().strftime("%H%M%S") + f"-{os.getpid()}"
    outdir = opts.out or os.path.join(BENCH_DIR, "out", stamp, run_id + ("-quick" if opts.quick else ""))
    os.makedirs(outdir, exist_ok=True)
    workdir = os.path.join(BENCH_DIR, ".work", run_id)
    os.makedirs(workdir, exist_ok=True)
    # The instances (configs, scan directories, state, stamps) live on a RAM
    # file system, as s6 and runit recommend for scan directories (s6-supervise
    # writes its status file synchronously); the same for every supervisor.
    scratch_root = opts.scratch or ("/dev/shm" if os.path.isdir("/dev/shm") else os.path.join(workdir))
    instdir = os.path.join(scratch_root, f"pdbench-{run_id}")
    os.makedirs(instdir, exist_ok=True)
    if instdir != os.path.join(workdir, "inst"):
        os.symlink(instdir, os.path.join(workdir, "inst"))
    logf = open(os.path.join(outdir, "run.log"), "a", buffering=1)

    def log(msg):
        print(msg, flush=True)
        logf.write(msg + "\n")

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    svc = build_svc(workdir)
    registry = procs.Registry([workdir, instdir], svc)
    env = Env(svc, registry, REPO_DIR, opts.pdsup_home, opts.java_home)
    runner = Runner(env, instdir, opts, log)
    results, notes, failures = {}, {}, []
    info = machine(opts)
    info["loadavg_start"] = open("/proc/loadavg").read().strip()
    info["scratch"] = f"{scratch_root} ({scratch.fs_type(scratch_root)})"
    log(f"bench: {', '.join(opts.sups)}; N = {opts.ns}; {opts.reps} repetition(s); "
        f"workloads {','.join(opts.wanted)}; raw results in {outdir}")
    rc = 0
    try:
        if not shutil.which("hyperfine") and "W4" in opts.wanted:
            raise BenchError("hyperfine not installed (run bench/install-peers.sh)")
        active = []
        for name in opts.sups:
            reason = SUPERVISORS[name](env).unavailable_reason()
            if reason:
                log(f"{name}: not measured: {reason}")
                notes[(name, None)] = reason
            else:
                active.append(name)
        for rep in range(1, opts.reps + 1):
            for name in active:
                cls = SUPERVISORS[name]
                res = results.setdefault(name, {})
                for n in opts.ns:
                    jobs = []
                    if any(w in opts.wanted for w in LIFECYCLE):
                        jobs.append(("lifecycle", lambda: runner.lifecycle(cls, n, rep, opts.wanted)))
                    if "W1" in opts.wanted:
                        jobs.append(("W1", lambda: {"W1": runner.crash_loop(cls, n, rep)}))
                    for label, job in jobs:
                        log(f"[rep {rep}/{opts.reps}] {name}, N={n}: {label}")
                        try:
                            for wl, r in job().items():
                                res.setdefault(wl, {}).setdefault(n, []).append(r)
                        except (BenchError, Unavailable, OSError, subprocess.SubprocessError) as e:
                            failures.append(f"{name} N={n} {label} rep {rep}: {e}")
                            log(f"  FAILED: {e}")
                            for wl in (LIFECYCLE if label == "lifecycle" else (label,)):
                                notes[(name, wl)] = "failed: " + str(e).splitlines()[0][:160]
                if "W7" in opts.wanted:
                    log(f"[rep {rep}/{opts.reps}] {name}: W7 ({opts.w7_services} services, "
                        f"{opts.w7_crashers} crashing)")
                    try:
                        r = runner.exit_events(cls, rep)
                        if "unavailable" in r:
                            log(f"  W7 n/a: {r['unavailable']}")
                        res.setdefault("W7", {}).setdefault(opts.w7_services, []).append(r)
                    except (BenchError, Unavailable, OSError, subprocess.SubprocessError) as e:
                        failures.append(f"{name} W7 rep {rep}: {e}")
                        log(f"  FAILED: {e}")
                        notes[(name, "W7")] = "failed: " + str(e).splitlines()[0][:160]
    except Interrupted as e:
        log(f"bench: interrupted by {e}; stopping every process started")
        rc = 130
    except BenchError as e:
        log(f"bench: {e}")
        rc = 1
    except Exception:
        log(traceback.format_exc())
        rc = 1
    finally:
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        left = registry.cleanup()
        pg = []
        for d in (workdir, instdir):
            out = subprocess.run(["pgrep", "-f", d], stdout=subprocess.PIPE).stdout.decode().split()
            pg += [p for p in out if int(p) != os.getpid()]
        if left or pg:
            log(f"bench: processes still alive after cleanup: {sorted(set(left) | set(map(int, pg)))}")
            rc = rc or 1
        else:
            log(f"bench: every process started is gone (checked with pgrep -f {workdir} and {instdir})")
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)

    info["loadavg_end"] = open("/proc/loadavg").read().strip()
    report = Report(results, {k: v for k, v in notes.items()}, opts.sups, opts.ns, opts.w7_services)
    md = report.markdown() + "\n" + targets_table(results)
    raw = {"machine": info, "options": {k: v for k, v in vars(opts).items()},
           "results": {s: {w: {str(n): reps for n, reps in byn.items()} for w, byn in r.items()}
                       for s, r in results.items()},
           "notes": {f"{k[0]}/{k[1] or '*'}": v for k, v in notes.items()},
           "failures": failures,
           "configs": {name: SUPERVISORS[name](env).describe() for name in opts.sups}}
    with open(os.path.join(outdir, "raw.json"), "w") as f:
        json.dump(raw, f, indent=1, default=str)
    with open(os.path.join(outdir, "summary.md"), "w") as f:
        f.write(f"Run {info['date']} on {info['nproc']} CPUs ({info['cpu']}), kernel {info['kernel']}; "
                f"scratch {info['scratch']}; load average at start {info['loadavg_start']}, at end "
                f"{info['loadavg_end']}\n\n")
        f.write(md + "\n")
    if opts.scale:
        md += "\n" + scale.write_all(results, opts.sups, opts.ns, outdir, scale_title(info))
    log("\n" + md)
    if failures:
        log("failures:\n  " + "\n  ".join(failures))
        rc = rc or 1
    if not opts.keep_work:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(instdir, ignore_errors=True)
    log(f"bench: raw samples and tables in {outdir}")
    return rc
