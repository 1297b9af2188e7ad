"""Processes: starting them in their own process groups, finding a supervisor's
process tree, reading CPU time and memory from /proc, waiting for exits through
pidfds, and killing everything the harness started."""
import os
import select
import signal
import subprocess
import time


def now_ns():
    """CLOCK_REALTIME in nanoseconds: the clock svc.c stamps with."""
    return time.time_ns()


class Registry:
    """Every process group the harness started, so that all of them can be
    killed on success, failure or Ctrl-C."""

    def __init__(self, workdirs, svc_path):
        self.workdirs = [os.path.realpath(w) for w in workdirs]
        self.svc_path = os.path.realpath(svc_path)
        self.popens = []

    def spawn(self, argv, *, cwd=None, env=None, stdout=None, stderr=None, stdin=None):
        """Starts argv as the leader of a new session (and process group)."""
        p = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=stdout if stdout is not None else subprocess.DEVNULL,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            start_new_session=True,
        )
        self.popens.append(p)
        return p

    def kill_group(self, p, sig=signal.SIGKILL):
        try:
            os.killpg(p.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def cleanup(self):
        """SIGKILLs every process group started and every stray process of this
        run (a service or anything whose command line names the work
        directory); reaps them; returns the pids still alive afterwards."""
        for p in self.popens:
            if p.poll() is None:
                self.kill_group(p)
        for _ in range(3):
            strays = self.strays()
            for pid in strays:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for p in self.popens:
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            if not strays:
                break
            time.sleep(0.2)
        return self.strays()

    def strays(self):
        """Live processes of this run: the services (by executable) and any
        process whose command line mentions the work directory."""
        found = []
        me = os.getpid()
        for pid in all_pids():
            if pid == me:
                continue
            cl = cmdline(pid)
            if is_svc(pid, self.svc_path) or any(w in cl for w in self.workdirs):
                if not is_zombie(pid):
                    found.append(pid)
        return found


def all_pids():
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def cmdline(pid):
    return read_text(f"/proc/{pid}/cmdline").replace("\0", " ")


def exe(pid):
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def is_svc(pid, svc_path):
    return exe(pid) == svc_path


def stat_fields(pid):
    """Fields of /proc/PID/stat after the command name: [state, ppid, ...]."""
    s = read_text(f"/proc/{pid}/stat")
    if not s:
        return None
    return s[s.rfind(")") + 2:].split()


def is_zombie(pid):
    f = stat_fields(pid)
    return f is None or f[0] in ("Z", "X")


def children_map():
    kids = {}
    for pid in all_pids():
        f = stat_fields(pid)
        if f:
            kids.setdefault(int(f[1]), []).append(pid)
    return kids


def supervisor_pids(root, svc_path):
    """The supervisor's own processes: root and its descendants, less the
    services (processes running svc) and everything below them."""
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if is_svc(pid, svc_path) or is_zombie(pid):
            continue
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def cpu_ns(pid):
    """CPU time of the whole process pid in ns, exited threads included: the
    process's CPU-time clock (clock_getcpuclockid(3) computes the same id)."""
    try:
        return time.clock_gettime_ns(((~pid) << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    except OSError:
        return 0


def context_switches(pid):
    """{tid: voluntary + involuntary context switches} of every live thread
    of pid: how often the supervisor woke up."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        n = 0
        for line in read_text(f"/proc/{pid}/task/{tid}/status").splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                n += int(line.split()[1])
        out[tid] = n
    return out


def switches_since(before, after):
    """Context switches between two context_switches() readings: threads born
    in between count from zero; threads that ended in between are lost."""
    return sum(n - before.get(tid, 0) for tid, n in after.items())


def memory_kib(pid):
    """(Rss, Pss) of pid in KiB from /proc/PID/smaps_rollup."""
    rss = pss = 0
    for line in read_text(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


class PidWatch:
    """Pidfds of a set of processes, opened before whatever will end them, so
    that opening them is not part of a measurement."""

    def __init__(self, pids):
        self.ep = select.epoll()
        self.fds = {}
        self.gone = {}
        for pid in pids:
            try:
                fd = os.pidfd_open(pid)
            except ProcessLookupError:
                self.gone[pid] = now_ns()
                continue
            self.fds[fd] = pid
            self.ep.register(fd, select.EPOLLIN)

    def wait(self, deadline_ns):
        """Waits until every process exited or deadline_ns passed. Returns
        {pid: ns when seen gone}; pids still alive at the deadline are absent."""
        while self.fds:
            left = (deadline_ns - now_ns()) / 1e9
            if left <= 0:
                break
            for fd, _ in self.ep.poll(min(left, 1.0)):
                self.gone[self.fds.pop(fd)] = now_ns()
                self.ep.unregister(fd)
                os.close(fd)
        return dict(self.gone)

    def close(self):
        for fd in self.fds:
            os.close(fd)
        self.fds = {}
        self.ep.close()


def wait_gone(pids, deadline_ns):
    """Waits until every pid has exited or deadline_ns passes; see PidWatch.wait."""
    w = PidWatch(pids)
    try:
        return w.wait(deadline_ns)
    finally:
        w.close()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not is_zombie(pid)
