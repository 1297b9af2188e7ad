"""One private pdsupd from the tarball: its configuration, start, graceful stop, kill -9, and the clean-up
of everything a scenario started (by the tag in the services' environment)."""
import json
import os
import signal
import subprocess
import time

from . import client, observe
from .clients import ClientLoad


def hocon(s):
    return json.dumps(str(s))


class Service:
    """A service entry. `body` is extra HOCON inside the service's braces."""

    def __init__(self, name, argv, body=""):
        self.name, self.argv, self.body = name, argv, body


class Daemon:
    """clients: how many background control clients (clients.ClientLoad) connect once pdsupd first answers;
    they stay, reconnecting across restarts, until stop_clients(), stop() or cleanup(), and connect again at the
    next start(). log_service: the
    service their `logs -f` readers follow (none: those read events instead). reader: the run's reader-role user
    (a pwd entry), who is given the reader role and the socket's group, and as whom the clients connect; None:
    they connect as root, an admin. gc_log: pdsupd logs its collections (-Xlog:gc) to gc.N.log in its directory."""

    def __init__(self, home, workdir, tag, *, daemon_body="", launch_prefix=(), env=None, clients=0,
                 log_service=None, reader=None, gc_log=False):
        self.home = home
        self.clients = clients
        self.log_service = log_service
        self.reader = reader
        self.gc_log = gc_log
        self.load = None
        self.client_counts = {"status": 0, "events": 0, "lines": 0, "reconnects": 0}
        self.dir = workdir
        self.tag = tag
        self.daemon_body = daemon_body
        self.launch_prefix = list(launch_prefix)
        self.env = env or {}
        self.proc = None
        self.starts = 0
        os.makedirs(os.path.join(workdir, "state"), exist_ok=True)
        os.makedirs(os.path.join(workdir, "log"), mode=0o750, exist_ok=True)

    @property
    def socket(self):
        return os.path.join(self.dir, "pdsupd.sock")

    @property
    def conf(self):
        return os.path.join(self.dir, "pdsupd.conf")

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def write_config(self, services, path=None):
        lines = ["pdsupd {",
                 f"  state-dir = {hocon(os.path.join(self.dir, 'state'))}",
                 f"  log-dir = {hocon(os.path.join(self.dir, 'log'))}",
                 f"  control {{ socket = {hocon(self.socket)}{self._reader_keys()} }}",
                 "  metrics { enabled = false }",
                 self.daemon_body,
                 "}",
                 "services {"]
        for s in services:
            argv = ", ".join(hocon(a) for a in s.argv)
            lines.append(f"  {s.name} {{ command = [{argv}], environment {{ CHAOS_TAG = {hocon(self.tag + '/' + s.name)} }}"
                         f"\n    {s.body} }}")
        lines.append("}")
        with open(path or self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")

    def _reader_keys(self):
        if self.reader is None:
            return ""
        # the socket's group lets the reader connect; all the clients are one user, so its limit of connections
        # (32 by default) is raised to hold them all
        return (f", group = {hocon(self.reader.pw_name)}, mode = \"0660\", readers {{ users = [{hocon(self.reader.pw_name)}] }}"
                ", max-connections-per-user = 256")

    @property
    def user(self):
        """(uid, gid) of the clients: the reader's, or None (root)."""
        return (self.reader.pw_uid, self.reader.pw_gid) if self.reader is not None else None

    def gc_log_path(self):
        return os.path.join(self.dir, f"gc.{self.starts}.log")

    def start(self, wait_s=60):
        """Starts pdsupd in a session of its own and waits until it answers `status`."""
        self.starts += 1
        log = open(os.path.join(self.dir, f"pdsupd.{self.starts}.log"), "wb")
        env = dict(os.environ)
        env.update(self.env)
        if self.gc_log:
            env["PDSUPD_JAVA_OPTS"] = (env.get("PDSUPD_JAVA_OPTS", "") + f" -Xlog:gc:file={self.gc_log_path()}:utctime").strip()
        argv = self.launch_prefix + [os.path.join(self.home, "bin", "pdsupd"), "--config", self.conf]
        self.proc = subprocess.Popen(argv, cwd=self.dir, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pdsupd exited with {self.proc.returncode} at start: {self.log_tail()}")
            services, _ = client.try_status(self.socket, timeout=5)
            if services is not None:
                if self.clients and self.load is None:
                    self.load = ClientLoad(self.socket, self.clients, self.log_service, self.user).start()
                    self.load.wait_connected()
                return services
            time.sleep(0.05)
        raise RuntimeError(f"pdsupd did not answer status within {wait_s} s: {self.log_tail()}")

    def log_tail(self, n=2000):
        try:
            with open(os.path.join(self.dir, f"pdsupd.{self.starts}.log"), "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    def log_text(self):
        out = []
        for i in range(1, self.starts + 1):
            try:
                with open(os.path.join(self.dir, f"pdsupd.{i}.log"), "rb") as f:
                    out.append(f.read().decode("utf-8", "replace"))
            except OSError:
                pass
        return "".join(out)

    def stop_clients(self):
        """Stops the background clients; returns what they got since the daemon was made (status answers,
        event and line frames, reconnects)."""
        if self.load is not None:
            got = self.load.stop()
            self.load = None
            for k, v in got.items():
                self.client_counts[k] = self.client_counts.get(k, 0) + v
        return dict(self.client_counts)

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout_s=90):
        """SIGTERM, with the clients still connected; None when pdsupd ended in time, else what went wrong."""
        if self.proc is None:
            return None
        try:
            return self._stop(timeout_s)
        finally:
            self.stop_clients()

    def _stop(self, timeout_s):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
                return "pdsupd did not stop within %d s of SIGTERM" % timeout_s
        return None

    def cleanup(self):
        """Kills pdsupd and every process the scenario's services left (found by tag)."""
        self.stop_clients()
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        for _ in range(50):
            left = observe.tagged(self.tag)
            if not left:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)


def wait_for(predicate, timeout_s, step_s=0.05):
    """Polls predicate() until it returns a true value or timeout_s pass; returns its last value. (The
    harness observes a separate process from outside: polling /proc and the socket is the only signal.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        v = predicate()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(step_s)
