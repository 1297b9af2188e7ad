"""bench/chaos/run.sh [--long] [--soak-minutes M] [--only a,b] [--out DIR] [--pdsup-home DIR] [--clients N]

Runs every scenario against a real pdsupd from the tarball; prints one line per check and, last,
"chaos: N passed, N failed"; writes raw figures (JSON) and a Markdown summary to --out."""
import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import threading
import time

from . import checks, disk, exhaustion, kill9, sigstop, soak, statefile, storm
from .context import Context

SCENARIOS = {"storm": storm, "kill9": kill9, "sigstop": sigstop, "exhaustion": exhaustion, "disk": disk,
             "statefile": statefile, "soak": soak}


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(prog="bench/chaos/run.sh")
    ap.add_argument("--long", action="store_true", help="full sizes: 500-service storm for 60 s, 100 kills, 1 h soak")
    ap.add_argument("--only", default="", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    ap.add_argument("--out", default=None)
    ap.add_argument("--pdsup-home", default=os.path.join(repo, "packaging", "target", "pdsup"))
    ap.add_argument("--clients", type=int, default=200,
                    help="background control clients beside every scenario (default 200)")
    ap.add_argument("--clients-as", choices=("reader", "admin"), default="reader",
                    help="the clients connect as the user pdsupchaos-reader, given the reader role (default), or"
                         " as root, an admin")
    ap.add_argument("--soak-minutes", type=float, default=None,
                    help="length of the soak (default: 60 with --long, 2 without)")
    a = ap.parse_args(argv)
    if os.geteuid() != 0:
        print("chaos: must run as root (mounts, users, limits)", file=sys.stderr)
        return 2
    if not os.access(os.path.join(a.pdsup_home, "bin", "pdsupd"), os.X_OK):
        print(f"chaos: {a.pdsup_home}/bin/pdsupd not built (mvn -DskipTests package)", file=sys.stderr)
        return 2
    wanted = [s for s in (a.only.split(",") if a.only else SCENARIOS) if s]
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        print(f"chaos: unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    out = a.out or tempfile.mkdtemp(prefix="pdsup-chaos-out.")
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="pdsup-chaos.", dir="/var/tmp")
    os.chmod(work, 0o755)
    rec = checks.Recorder()
    ctx = Context(a.pdsup_home, work, a.long, rec, a.clients, a.clients_as)
    if a.soak_minutes is not None:
        if a.soak_minutes < 1:
            print(f"chaos: --soak-minutes {a.soak_minutes}: the soak needs at least 1 minute (6 samples after warm-up)",
                  file=sys.stderr)
            return 2
        ctx.soak_seconds = round(a.soak_minutes * 60)
    timings = {}
    # Short mode runs the 2-minute soak beside the other scenarios (one more instance under load, and the
    # whole run fits in about 3 minutes); long mode runs everything in turn.
    background = None
    if not a.long and "soak" in wanted and len(wanted) > 1:
        wanted.remove("soak")
        background = threading.Thread(target=run_one, args=(ctx, "soak", timings), daemon=True)
        background.start()
    for name in wanted:
        run_one(ctx, name, timings)
    if background is not None:
        background.join()
    raw = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "mode": "long" if a.long else "short", "soak seconds": ctx.soak_seconds, "clients": a.clients, "clients as": a.clients_as, "host": platform.node(), "cpus": os.cpu_count(),
           "seconds": timings, "figures": rec.figures,
           "checks": [{"scenario": s, "check": n, "ok": ok, "detail": d} for s, n, ok, d in rec.checks]}
    with open(os.path.join(out, "raw.json"), "w") as f:
        json.dump(raw, f, indent=1)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(summary(raw))
    print(f"chaos: results in {out}")
    print(f"chaos: {rec.passed()} passed, {rec.failed()} failed")
    return 1 if rec.failed() else 0


def run_one(ctx, name, timings):
    t0 = time.monotonic()
    load0 = os.getloadavg()[0]
    try:
        SCENARIOS[name].run(ctx)
    except Exception as e:  # a scenario that breaks is a failed check, and the others still run
        ctx.rec.check(name, "scenario ran to its end", False, f"{type(e).__name__}: {e}")
    timings[name] = round(time.monotonic() - t0, 1)
    # the machine is shared: every figure is read beside the load it was measured under
    ctx.rec.figure(name, "load average (1 min) at start / end", f"{load0:.1f} / {os.getloadavg()[0]:.1f}")
    print(f"chaos: {name}: {timings[name]} s", flush=True)


def summary(raw):
    lines = [f"Chaos run, {raw['mode']} mode, {raw['date']}, {raw['cpus']} CPUs, {raw['clients']} background"
             f" clients ({raw['clients as']}) per scenario, soak {raw['soak seconds']} s", ""]
    for scen, figs in raw["figures"].items():
        lines += [f"### {scen}", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in figs.items()]
        lines.append("")
    lines += ["| scenario | check | result | detail |", "|---|---|---|---|"]
    lines += [f"| {c['scenario']} | {c['check']} | {'ok' if c['ok'] else 'FAILED'} | {c['detail']} |"
              for c in raw["checks"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
