"""supervisord (Debian's supervisor package), a private foreground instance."""
import os
import sys

from . import events
from .supervisor import CtlCommands, Supervisor, q

LISTENER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "supervisord_listener.py")


class Supervisord(CtlCommands, Supervisor):
    name = "supervisord"
    programs = ("supervisord", "supervisorctl")

    @property
    def conf(self):
        return os.path.join(self.inst_dir, "supervisord.conf")

    @property
    def events_file(self):
        return os.path.join(self.inst_dir, "listener.events")

    def write_config(self, with_events):
        d = self.inst_dir
        lines = [
            "[unix_http_server]",
            f"file={d}/supervisor.sock",
            "",
            "[supervisord]",
            f"logfile={d}/supervisord.log",
            "loglevel=critical",
            f"pidfile={d}/supervisord.pid",
            f"childlogdir={d}",
            "nodaemon=true",
            "minfds=16384",
            "minprocs=4096",
            "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "",
            "[supervisorctl]",
            f"serverurl=unix://{d}/supervisor.sock",
            "",
        ]
        for spec in self.services:
            lines += [
                f"[program:{spec.name}]",
                "command=" + " ".join(self.svc_argv(spec)),
                "autostart=true",
                "autorestart=true",
                "startsecs=0",
                "startretries=1000000",
                "stopwaitsecs=10",
                "stdout_logfile=NONE",
                "stderr_logfile=NONE",
                "",
            ]
        if with_events:
            lines += [
                "[eventlistener:benchlistener]",
                f"command={sys.executable} {LISTENER} {self.events_file}",
                # supervisord hands each listener process one event per turn of
                # its main loop (about 1 s): one listener per crashing service
                # is what keeps up with them
                f"numprocs={max(1, sum(1 for s in self.services if s.crash))}",
                "process_name=%(program_name)s_%(process_num)d",
                "events=PROCESS_STATE_EXITED",
                "buffer_size=65536",
                "stdout_logfile=NONE",
                "stderr_logfile=NONE",
                "",
            ]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines))
        return ["supervisord", "-n", "-c", self.conf]

    def ctl(self, *args):
        return " ".join(["supervisorctl", "-c", q(self.conf)] + [q(a) for a in args])

    def stop_all_cmd(self):
        return self.ctl("stop", "all")

    def event_source(self, crash_names):
        return events.ListenerFileEvents(self.events_file)

    def describe(self):
        return (
            "`supervisord -n -c supervisord.conf` (foreground, private unix socket), one section per service:\n\n"
            "```ini\n"
            "[supervisord]\nloglevel=critical\nnodaemon=true\nminfds=16384\nminprocs=4096\n\n"
            "[program:svc1]\ncommand=…/svc -f …/stamps/svc1\nautostart=true\nautorestart=true\n"
            "startsecs=0\nstartretries=1000000\nstopwaitsecs=10\n"
            "stdout_logfile=NONE\nstderr_logfile=NONE\n\n"
            "; W7 only\n[eventlistener:benchlistener]\ncommand=python3 bench/pdbench/supervisord_listener.py …\n"
            "numprocs=50   ; one per crashing service: fewer fall behind\nprocess_name=%(program_name)s_%(process_num)d\n"
            "events=PROCESS_STATE_EXITED\nbuffer_size=65536\n"
            "```\n"
            "Control: `supervisorctl -c supervisord.conf status|status NAME|restart NAME|stop all`."
        )
