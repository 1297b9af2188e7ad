"""runit (Debian's runit package): a private runsvdir on its own scan directory."""
import os
import signal
import time

from .servicedirs import ScanDirSupervisor, write_scandir
from .supervisor import Unavailable, q


class Runit(ScanDirSupervisor):
    programs = ("runsvdir", "runsv", "sv")
    name = "runit"

    def write_config(self, with_events):
        if len(self.services) > 1000:
            raise Unavailable("runsvdir supervises at most 1,000 services (MAXSERVICES in runsvdir.c)")
        write_scandir(self.scan, self.services, self.svc_argv)
        # runsvdir sleeps 1 s before scanning a directory modified within the
        # current second (runsvdir.c); a real scan directory is older than that.
        old = time.time() - 60
        os.utime(self.scan, (old, old))
        return ["runsvdir", self.scan]

    def graceful_stop_signal(self):
        # runsvdir exits at once on SIGTERM, leaving its runsv processes;
        # SIGHUP makes it send TERM to each runsv (which stops its service).
        return signal.SIGHUP

    def status_all_cmd(self):
        return f"sv status {q(self.scan)}/*"

    def status_one_cmd(self, name):
        return f"sv status {q(self.dir(name))}"

    def restart_one_cmd(self, name):
        return f"sv restart {q(self.dir(name))}"

    def restart_one_nowait_cmd(self, name):
        return f"sv term {q(self.dir(name))}"

    def stop_all_cmd(self):
        return f"sv down {q(self.scan)}/*"

    def event_source(self, crash_names):
        raise Unavailable("runit has no event stream: runsv only rewrites supervise/status, "
                          "which a client would have to poll")

    def describe(self):
        return (
            "`runsvdir scan/` (the scan directory's mtime set 60 s back: runsvdir sleeps 1 s before reading a "
            "directory modified within the current second); one service directory per service, no log/ service, no finish script:\n\n"
            "```\nscan/svc1/run       -> …/svc   (symbolic link: no shell)\n"
            "scan/svc1/svc.args  -f …/stamps/svc1\n```\n"
            "runsv sleeps 1 s before restarting a service that ran less than 1 s (runsv.c; not "
            "configurable). Control: `sv status scan/*`, `sv status DIR`, `sv restart DIR` (waits, "
            "polling every 420 ms), `sv down scan/*`."
        )
