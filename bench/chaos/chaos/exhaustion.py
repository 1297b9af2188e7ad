"""Descriptor exhaustion (pdsupd under a low RLIMIT_NOFILE, raised again while it runs) and process
exhaustion (RLIMIT_NPROC of a service's user, reached by other processes of that user): spawn failures
become service states with a clear error and backoff, and the services recover without an operator."""
import os
import pwd
import resource
import signal
import subprocess

from . import checks, client, observe
from .context import SLEEPER
from .daemon import Service, wait_for

USER = "pdsupchaos"
FAST = "backoff { initial = 100ms, max = 500ms }, start-limit { burst = 1000000, interval = 1s }"


def run(ctx):
    _descriptors(ctx)
    _processes(ctx)


def _descriptors(ctx):
    """The JVM raises its soft RLIMIT_NOFILE to the hard one at start, and raising a hard limit needs
    CAP_SYS_RESOURCE: so pdsupd runs under a low hard limit, and descriptors come back when services that
    were holding them end on their own."""
    rec, scen = ctx.rec, "nofile"
    idle, per_service = _descriptor_costs(ctx, scen)
    room = 20
    # every background client holds one descriptor of pdsupd's: they connect first, then the services come by
    # a reload and exhaust what is left
    limit = idle + ctx.clients + per_service * room + 8
    d = ctx.daemon(scen, launch_prefix=["prlimit", f"--nofile={limit}:{limit}", "--"])
    transient = [Service(f"t{i}", ["/bin/sleep", "8"], "restart = never, " + FAST) for i in range(room)]
    wanted = [Service(f"w{i}", SLEEPER, FAST) for i in range(room)]
    d.write_config([])
    try:
        d.start()
        # a client is connected once the kernel queued it; pdsupd accepts it later (a few may be reconnecting)
        wait_for(lambda: observe.fd_count(d.pid) >= idle + ctx.clients - 8, 60, step_s=0.2)
        fds = observe.fd_count(d.pid)
        rec.check(scen, "background clients connected before the services start", fds >= idle + ctx.clients - 8,
                  f"{fds} descriptors, {idle} idle + {ctx.clients} clients")
        d.write_config(transient + wanted)
        with client.RawClient(d.socket, timeout=60) as c:
            c.request("reload")
        starved = wait_for(lambda: _with_error(d, ("descriptor", "EMFILE", "open files")), 30)
        rec.figure(scen, "idle pdsupd descriptors", idle)
        rec.figure(scen, "descriptors per running service", per_service)
        rec.figure(scen, "RLIMIT_NOFILE", limit)
        rec.check(scen, "spawn failures show as states with a clear error", bool(starved),
                  f"e.g. {next(iter(starved.values())) if starved else 'no service reported a descriptor error'}")
        services, _ = client.status(d.socket)
        rec.check(scen, "an admin's status still answers at the limit", services is not None)
        up = {s.name: {"running"} for s in wanted}
        up.update({s.name: {"exited", "stopped"} for s in transient})
        got = checks.wait_states(d, up, 60)
        rec.check(scen, "every wanted service runs once descriptors are back, without an operator",
                  got is not None and all(got[s.name]["state"] == "running" for s in wanted))
        checks.settled(rec, scen, d, up)
        rec.check(scen, "pdsupd stops in order", d.stop() is None)
    finally:
        d.cleanup()


def _descriptor_costs(ctx, scen):
    """(descriptors of an idle pdsupd, descriptors each running service adds)."""
    probe = ctx.daemon(scen + "-probe", clients=0)
    probe.write_config([])
    try:
        probe.start()
        idle = observe.fd_count(probe.pid)
        probe.stop()
        probe.write_config([Service(f"p{i}", SLEEPER) for i in range(8)])
        probe.start()
        checks.wait_states(probe, {f"p{i}": {"running"} for i in range(8)}, 30)
        busy = observe.fd_count(probe.pid)
    finally:
        probe.stop()
        probe.cleanup()
    return idle, max(1, -(-(busy - idle) // 8))


def _with_error(d, words):
    services, _ = client.try_status(d.socket)
    if not services:
        return None
    hit = {n: s["last_error"] for n, s in services.items()
           if s.get("last_error") and any(w in s["last_error"] for w in words)}
    return hit or None


def _ensure_user():
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True)
        return pwd.getpwnam(USER)


def _processes(ctx):
    rec, scen = ctx.rec, "nproc"
    pw = _ensure_user()
    limit = 4
    # Linux refuses the execve after setuid(2) only when the user has MORE than RLIMIT_NPROC processes
    # (kernel/sys.c flag_nproc_exceeded, fs/exec.c): one more than the limit
    hogs = [subprocess.Popen(["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups",
                              "sleep", "100000"], start_new_session=True) for _ in range(limit + 1)]
    d = ctx.daemon(scen)
    svc = Service("limited", ["/bin/sleep", "100000"], f"user = {USER}, rlimits {{ nproc = {limit} }}, {FAST}")
    d.write_config([svc])
    try:
        d.start()
        failing = wait_for(lambda: _with_error(d, ("EAGAIN", "resource", "Resource")), 30)
        rec.check(scen, "a spawn refused by RLIMIT_NPROC is a state with a clear error", bool(failing),
                  str(failing))
        services, _ = client.status(d.socket)
        rec.check(scen, "and backs off (not running, restarting on its own)",
                  services["limited"]["state"] in ("backoff", "starting"), services["limited"]["state"])
        for h in hogs:
            h.kill()
            h.wait()
        got = checks.wait_states(d, {"limited": {"running"}}, 30)
        rec.check(scen, "it runs once the user's processes are gone, without an operator",
                  got is not None and got["limited"]["state"] == "running")
        checks.settled(rec, scen, d, {"limited": {"running"}})
        rec.check(scen, "pdsupd stops in order", d.stop() is None)
    finally:
        for h in hogs:
            if h.poll() is None:
                os.kill(h.pid, signal.SIGKILL)
                h.wait()
        d.cleanup()
