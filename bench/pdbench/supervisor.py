"""What every supervisor adapter provides, and the parts they share."""
import os
import shlex
import shutil
import signal
import subprocess
from collections import namedtuple

from . import procs

ServiceSpec = namedtuple("ServiceSpec", "name crash delay_ms")


class Unavailable(Exception):
    """The supervisor (or one of its features) cannot be measured here; the
    message says why."""


class Env:
    """What adapters need from the harness: the svc binary, the process
    registry, and where the repository is."""

    def __init__(self, svc_path, registry, repo_dir, pdsup_home=None, java_home=None):
        self.svc_path = svc_path
        self.registry = registry
        self.repo_dir = repo_dir
        self.pdsup_home = pdsup_home or os.path.join(repo_dir, "packaging", "target", "pdsup")
        self.java_home = java_home


def q(s):
    return shlex.quote(str(s))


class CtlCommands:
    """status and restart through one control client with subcommands (pdctl, supervisorctl); the adapter
    provides ctl(*args), the whole command line."""

    def status_all_cmd(self):
        return self.ctl("status")

    def status_one_cmd(self, name):
        return self.ctl("status", name)

    def restart_one_cmd(self, name):
        return self.ctl("restart", name)


class Supervisor:
    """One private instance of a supervisor under a scratch directory.

    Lifecycle: unavailable_reason() → start(inst_dir, services, stamps) →
    commands / event_source() → stop(). Commands are sh command lines."""

    name = "?"
    # the programs this supervisor needs, checked by the default unavailable_reason()
    programs = ()

    def __init__(self, env):
        self.env = env
        self.proc = None
        self.inst_dir = None
        self.services = []
        self.stamps = None

    # -- to be provided by each adapter -----------------------------------
    def unavailable_reason(self):
        """Why this supervisor cannot run here, or None; by default: a program of `programs` is missing."""
        for prog in self.programs:
            if not shutil.which(prog):
                return f"{prog} not installed (run bench/install-peers.sh)"
        return None

    def write_config(self, with_events):
        """Writes the instance's configuration; returns the argv to launch."""
        raise NotImplementedError

    def status_all_cmd(self):
        raise NotImplementedError

    def status_one_cmd(self, name):
        raise NotImplementedError

    def restart_one_cmd(self, name):
        """Restart one service; the command returns once it runs again
        (where the tool can wait)."""
        raise NotImplementedError

    def restart_one_nowait_cmd(self, name):
        """Restart one service without waiting, or None when the tool only
        has a waiting restart."""
        return None

    def stop_all_cmd(self):
        raise NotImplementedError

    def event_source(self, crash_names):
        raise Unavailable("no event stream")

    def graceful_stop_signal(self):
        return signal.SIGTERM

    def describe(self):
        """The configuration used, as Markdown, for docs/benchmarks.md."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------
    def start(self, inst_dir, services, stamps, with_events=False):
        """Writes the configuration and launches the supervisor in the
        foreground; returns the CLOCK_REALTIME ns just before the launch."""
        self.inst_dir = inst_dir
        self.services = services
        self.stamps = stamps
        os.makedirs(inst_dir, exist_ok=True)
        argv = self.write_config(with_events)
        log = open(os.path.join(inst_dir, f"{self.name}.out"), "wb")
        env = dict(os.environ)
        env.update(self.launch_env())
        t0 = procs.now_ns()
        self.proc = self.env.registry.spawn(argv, cwd=inst_dir, env=env, stdout=log, stderr=log)
        log.close()
        return t0

    def launch_env(self):
        return {}

    def processes(self):
        """Pids of the supervisor's own processes (services excluded)."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        return procs.supervisor_pids(self.proc.pid, os.path.realpath(self.env.svc_path))

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def run(self, cmd, timeout=120):
        """Runs a command line; returns (rc, output)."""
        r = subprocess.run(["sh", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        return r.returncode, r.stdout.decode("utf-8", "replace")

    def stop(self, timeout_s=60):
        """Stops the supervisor (and so its services) gracefully within
        timeout_s, then kills whatever is left of its process group."""
        if self.proc is None:
            return
        p = self.proc
        tree = self.processes()
        if p.poll() is None:
            try:
                os.kill(p.pid, self.graceful_stop_signal())
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                pass
        deadline = procs.now_ns() + int(timeout_s * 1e9)
        procs.wait_gone([t for t in tree if t != p.pid], deadline)
        self.env.registry.kill_group(p)
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None

    def svc_argv(self, spec):
        argv = [os.path.realpath(self.env.svc_path), "-f", self.stamps.file(spec.name)]
        if spec.crash:
            argv.append("-c")
            if spec.delay_ms:
                argv += ["-d", str(spec.delay_ms)]
        return argv
