"""Corrupt, truncated, hostile and foreign-owned state files, and broken configurations: a clear error naming
the file, never a process adopted that is not ours, nothing started twice."""
import os
import pwd
import signal
import subprocess
import time

from . import checks, client, observe
from .context import SLEEPER
from .daemon import Service

NAME = "statefile"
BOOT = None


def _boot_time():
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return int(line.split()[1])
    raise RuntimeError("no btime in /proc/stat")


def _start_time(pid):
    """(epoch seconds, nanos) of a process's start, as pdsupd records it."""
    ticks = observe.stat(pid)[4]
    hz = observe.CLK_TCK
    total_ns = _boot_time() * 10**9 + ticks * (10**9 // hz)
    return total_ns // 10**9, total_ns % 10**9


def _case(ctx, label, write_state):
    rec = ctx.rec
    scen = f"{NAME}-{label}"
    d = ctx.daemon(scen)
    svcs = [Service("keep", SLEEPER, "persist = true"), Service("plain", SLEEPER)]
    d.write_config(svcs)
    state = os.path.join(d.dir, "state", "persistent.state")
    foreign = subprocess.Popen(["sleep", "100000"], start_new_session=True)
    try:
        write_state(state, foreign.pid)
        d.start()
        got = checks.wait_states(d, {"keep": {"running"}, "plain": {"running"}}, 30)
        rec.check(scen, "services start", got is not None and got["keep"]["state"] == "running",
                  str({n: s["state"] for n, s in (got or {}).items()}))
        rec.check(scen, "a process that is not ours is never adopted nor signalled",
                  got is not None and got["keep"]["pid"] != foreign.pid and foreign.poll() is None,
                  f"keep pid {got and got['keep']['pid']}, foreign {foreign.pid} "
                  f"{'alive' if foreign.poll() is None else 'KILLED'}")
        log = d.log_text()
        rec.check(scen, "the log names the state file", state in log or "persistent.state" in log,
                  "no line naming it" if "persistent.state" not in log else "")
        checks.settled(rec, scen, d, {"keep": {"running"}, "plain": {"running"}})
        rec.check(scen, "pdsupd stops in order", d.stop() is None)
    finally:
        d.cleanup()
        if foreign.poll() is None:
            foreign.kill()
        foreign.wait()


def run(ctx):
    def garbage(path, _pid):
        with open(path, "wb") as f:
            f.write(os.urandom(256 * 1024) + b"\nkeep 1 x y\n\0\0\0")

    def truncated(path, pid):
        s, ns = _start_time(pid)
        with open(path, "w") as f:
            f.write(f"# pdsupd persistent services\nkeep {pid} {s}")

    def hostile(path, pid):
        # a record naming a process that is not ours, with its true start time
        s, ns = _start_time(pid)
        with open(path, "w") as f:
            f.write(f"keep {pid} {s} {ns}\nplain {pid} {s} {ns}\n../../etc/passwd 1 0 0\n" + "x" * 100000 + "\n")

    def foreign_owned(path, pid):
        hostile(path, pid)
        nobody = pwd.getpwnam("nobody")
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
        os.chmod(path, 0o666)

    _case(ctx, "garbage", garbage)
    _case(ctx, "truncated", truncated)
    _case(ctx, "hostile", hostile)
    _case(ctx, "foreign-owned", foreign_owned)
    _broken_config(ctx)


def _broken_config(ctx):
    rec, scen = ctx.rec, f"{NAME}-config"
    d = ctx.daemon(scen)
    d.write_config([Service("plain", SLEEPER)])
    with open(d.conf, "a") as f:
        f.write("services { broken { command = [\"/bin/true\"], restart = sometimes } }\n")
    r = subprocess.run([os.path.join(ctx.home, "bin", "pdsupd"), "--config", d.conf], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    out = r.stdout.decode("utf-8", "replace")
    rec.check(scen, "a broken configuration is refused naming file:line (exit 78)",
              r.returncode == 78 and f"{d.conf}:" in out, f"exit {r.returncode}: {out.strip()[:200]}")
    rec.check(scen, "nothing was started", not observe.tagged(d.tag))
    # a reload with a broken file keeps the running configuration
    d.write_config([Service("plain", SLEEPER)])
    try:
        d.start()
        before = checks.wait_states(d, {"plain": {"running"}}, 30)
        with open(d.conf, "a") as f:
            f.write("services { plain { restart = sometimes } }\n")
        with client.RawClient(d.socket) as c:
            try:
                c.request("reload")
                refused = False
            except client.ControlError as e:
                refused = "pdsupd.conf:" in str(e)
        after, _ = client.status(d.socket)
        rec.check(scen, "a broken reload is refused naming file:line and changes nothing",
                  refused and after["plain"]["pid"] == before["plain"]["pid"])
        checks.settled(rec, scen, d, {"plain": {"running"}})
        rec.check(scen, "pdsupd stops in order", d.stop() is None)
    finally:
        d.cleanup()
