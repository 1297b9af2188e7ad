"""What the checks read from the kernel: processes by the tag in their environment, grouped by session and
process group; pdsupd's descriptors, threads, RSS, CPU, and heap after a full collection (jcmd)."""
import datetime
import os
import re
import subprocess

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def stat(pid):
    """(state, ppid, pgid, sid, start time in ticks) from /proc/PID/stat, or None when gone."""
    s = _read(f"/proc/{pid}/stat")
    if s is None:
        return None
    rest = s[s.rindex(")") + 2:].split()
    return rest[0], int(rest[1]), int(rest[2]), int(rest[3]), int(rest[19])


def tagged(tag):
    """{pid: (service name, state, ppid, pgid, sid)} for every live process whose environment carries
    CHAOS_TAG=tag/NAME (every service of a scenario gets one; its children inherit it)."""
    needle = f"CHAOS_TAG={tag}/".encode()
    found = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        env = _read(f"/proc/{d}/environ", "rb")
        if not env or needle not in env:
            continue
        st = stat(d)
        if st is None or st[0] == "Z":
            continue
        for var in env.split(b"\0"):
            if var.startswith(needle):
                found[int(d)] = (var[len(needle):].decode(), st[0], st[1], st[2], st[3])
                break
    return found


def sessions_by_service(tag):
    """{service: {sid: [pids]}}"""
    out = {}
    for pid, (name, _state, _ppid, _pgid, sid) in tagged(tag).items():
        out.setdefault(name, {}).setdefault(sid, []).append(pid)
    return out


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def threads(pid):
    s = _read(f"/proc/{pid}/status") or ""
    m = re.search(r"^Threads:\s+(\d+)", s, re.M)
    return int(m.group(1)) if m else -1


def rss_kib(pid):
    s = _read(f"/proc/{pid}/status") or ""
    m = re.search(r"^VmRSS:\s+(\d+)", s, re.M)
    return int(m.group(1)) if m else -1


def thread_named(pid, name):
    """The id of pdsupd's thread whose name starts with name (the kernel keeps 15 characters), or None."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tids:
        if (_read(f"/proc/{pid}/task/{tid}/comm") or "").strip().startswith(name[:15]):
            return int(tid)
    return None


def run_delay_ms(pid, tid):
    """How long the thread has waited, runnable, for a CPU so far (schedstat's run_delay), in ms; 0 if unknown."""
    s = _read(f"/proc/{pid}/task/{tid}/schedstat")
    return int(s.split()[1]) / 1e6 if s else 0.0


def cpu_seconds(pid):
    s = _read(f"/proc/{pid}/stat")
    if s is None:
        return 0.0
    rest = s[s.rindex(")") + 2:].split()
    return (int(rest[11]) + int(rest[12])) / CLK_TCK


def java_pid(launcher_pid):
    """The JVM's pid: bin/pdsupd execs java, so it is the launcher's own pid (checked)."""
    exe = os.path.basename(os.readlink(f"/proc/{launcher_pid}/exe"))
    if exe != "java":
        raise RuntimeError(f"pid {launcher_pid} runs {exe}, not java: did bin/pdsupd stop exec'ing the JVM?")
    return launcher_pid


def heap_after_gc_kib(pid):
    """Java heap in use right after a full collection, in KiB (jcmd GC.run then GC.heap_info)."""
    subprocess.run(["jcmd", str(pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60, check=False)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=60, check=False).stdout.decode("utf-8", "replace")
    # one "total NK, used MK" line per generation (Serial, Parallel) or one for the whole heap (G1)
    used = [int(m) for m in re.findall(r"total \d+K, used (\d+)K", out)]
    if not used:
        raise RuntimeError(f"jcmd GC.heap_info gave no heap figure: {out[:300]!r}")
    return sum(used)


_PAUSE = re.compile(r"^\[([0-9T:.-]+)\+0000\].*\bPause (Young|Full)\b.* ([0-9.]+)ms$")


def gc_pauses(log_path):
    """[(kind "Young" or "Full", milliseconds, end as a Unix time)] of every collection so far in a file of
    -Xlog:gc:FILE:utctime, in order."""
    text = _read(log_path) or ""
    out = []
    for m in (_PAUSE.search(line) for line in text.splitlines()):
        if m:
            end = datetime.datetime.fromisoformat(m.group(1)).replace(tzinfo=datetime.timezone.utc).timestamp()
            out.append((m.group(2), float(m.group(3)), end))
    return out


def sample(pid):
    return {"fds": fd_count(pid), "threads": threads(pid), "rss_kib": rss_kib(pid),
            "heap_kib": heap_after_gc_kib(pid), "cpu_s": cpu_seconds(pid)}
