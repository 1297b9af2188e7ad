"""What every scenario gets: the tarball, a scratch directory, the mode's sizes, and the recorder."""
import os
import pwd
import shutil
import subprocess
import uuid

from .daemon import Daemon


class Context:
    def __init__(self, home, workroot, long_mode, rec, clients=200, clients_as="reader"):
        self.home = home
        self.workroot = workroot
        self.long = long_mode
        self.rec = rec
        self.clients = clients
        # the soak's length: 2 minutes, 1 hour with --long; --soak-minutes sets it
        self.soak_seconds = 3600 if long_mode else 120
        # the background clients connect as a user with the reader role (as monitoring does), or as root (admins)
        self.reader = _ensure_user(READER) if clients_as == "reader" else None

    def size(self, short, long):
        return long if self.long else short

    def daemon(self, scenario, **kw):
        """A pdsupd for the scenario, with the run's background clients (--clients) unless kw says otherwise."""
        kw.setdefault("clients", self.clients)
        kw.setdefault("reader", self.reader)
        d = os.path.join(self.workroot, scenario)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return Daemon(self.home, d, f"{scenario}-{uuid.uuid4().hex[:8]}", **kw)


READER = "pdsupchaos-reader"


def _ensure_user(name):
    """The pwd entry of a system user (created with a group of its own if missing)."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        name], check=True)
        return pwd.getpwnam(name)


SLEEPER = ["/bin/sh", "-c", "sleep 100000 & exec sleep 100000"]
