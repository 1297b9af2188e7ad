"""s6 (Debian's s6 package): a private s6-svscan on its own scan directory."""
import os

from . import events
from .servicedirs import ScanDirSupervisor, write_scandir
from .supervisor import q

NOTIFY_FD = 3


class S6(ScanDirSupervisor):
    programs = ("s6-svscan", "s6-supervise", "s6-svc", "s6-svstat")
    name = "s6"

    def write_config(self, with_events):
        write_scandir(self.scan, self.services, self.svc_argv, notify_fd=NOTIFY_FD)
        # -c: s6-svscan's default limit is 500 service directories
        return ["s6-svscan", "-c", str(max(500, len(self.services) + 16)), self.scan]

    def status_all_cmd(self):
        return f'for d in {q(self.scan)}/*; do s6-svstat "$d"; done'

    def status_one_cmd(self, name):
        return f"s6-svstat {q(self.dir(name))}"

    def restart_one_cmd(self, name):
        return f"s6-svc -r -wr -T 10000 {q(self.dir(name))}"

    def restart_one_nowait_cmd(self, name):
        return f"s6-svc -r {q(self.dir(name))}"

    def stop_all_cmd(self):
        return f'for d in {q(self.scan)}/*; do s6-svc -d "$d"; done'

    def event_source(self, crash_names):
        return events.S6FifoEvents([(n, os.path.join(self.dir(n), "event")) for n in crash_names])

    def describe(self):
        return (
            "`s6-svscan -c MAX scan/` (MAX = max(500, N+16); the default limit is 500 directories); "
            "one service directory per service, no logger, no finish script:\n\n"
            "```\nscan/svc1/run              -> …/svc   (symbolic link: no shell, no execline)\n"
            "scan/svc1/svc.args         -f …/stamps/svc1 -n 3\n"
            "scan/svc1/notification-fd  3      (svc reports readiness at once)\n```\n"
            "Readiness matters: s6-supervise waits 1 s before restarting a service that died unless it "
            "notified readiness at least 1 s earlier (`set_down_and_ready()` in s6-supervise.c 2.11.3.2).\n"
            "Control: `s6-svstat DIR` (looped over the scan directory for \"all\"), `s6-svc -r -wr DIR`, "
            "`s6-svc -d DIR` (looped); events: the `event/` fifodir of each service (what `s6-svwait` "
            "and `s6-ftrig-listen` read), read directly."
        )
