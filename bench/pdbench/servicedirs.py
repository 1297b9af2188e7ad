"""Service directories for the daemontools family (runit, s6): ./run is a
symbolic link to svc, whose options are in ./svc.args, so no shell runs
between the supervisor and the service."""
import os

from .supervisor import Supervisor


class ScanDirSupervisor(Supervisor):
    """A supervisor of the daemontools family: one service directory per service under inst_dir/scan."""

    @property
    def scan(self):
        return os.path.join(self.inst_dir, "scan")

    def dir(self, name):
        return os.path.join(self.scan, name)


def write_scandir(scan, services, svc_argv, notify_fd=None):
    """Creates scan/NAME/ for every service: run -> svc, svc.args, and (s6)
    notification-fd."""
    os.makedirs(scan, exist_ok=True)
    for spec in services:
        d = os.path.join(scan, spec.name)
        os.makedirs(d, exist_ok=True)
        argv = svc_argv(spec)
        os.symlink(argv[0], os.path.join(d, "run"))
        args = argv[1:]
        if notify_fd is not None:
            args += ["-n", str(notify_fd)]
            with open(os.path.join(d, "notification-fd"), "w") as f:
                f.write(f"{notify_fd}\n")
        with open(os.path.join(d, "svc.args"), "w") as f:
            f.write(" ".join(args) + "\n")
