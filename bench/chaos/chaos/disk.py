"""The log directory on a full filesystem (a small tmpfs) and on one that stops answering (a bindfs FUSE
mount whose daemon is SIGSTOPped): the writing service is never held longer than output.max-stall, drops
are counted, and writing resumes once the filesystem does."""
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request

from . import checks, client, writer
from .daemon import Service, wait_for

NAME = "disk"
MAX_STALL_S = 2


def _watch_stamp(stamp, stop, gaps):
    """Largest time between two progress stamps of the writer, in seconds."""
    last = None
    while not stop.is_set():
        s = writer.read_stamp(stamp)
        now = time.monotonic()
        if s is not None:
            if last is None or s[0] != last[0]:
                if last is not None:
                    gaps.append(now - last[1])
                last = (s[0], now)
        stop.wait(0.02)
    if last is not None:
        gaps.append(time.monotonic() - last[1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dropped_bytes(port, service):
    """pdsup_service_output_dropped_bytes_total of one service, summed over its streams, from a scrape."""
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    total = 0.0
    for line in body.splitlines():
        if line.startswith("pdsup_service_output_dropped_bytes_total{") and f'service="{service}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def _last_line_number(logdir):
    """N of the last complete "chaos line N" in the service's live log file (0 when none)."""
    best = 0
    for root, _dirs, files in os.walk(logdir):
        for f in files:
            if not f.endswith(".log"):
                continue
            try:
                with open(os.path.join(root, f), "rb") as fh:
                    fh.seek(0, os.SEEK_END)
                    fh.seek(max(0, fh.tell() - 8192))
                    tail = fh.read().split(b"\n")[:-1]
            except OSError:
                continue
            for line in reversed(tail):
                parts = line.split()
                if len(parts) >= 3 and parts[0] == b"chaos" and parts[2].isdigit():
                    best = max(best, int(parts[2]))
                    break
    return best


def _scenario(ctx, label, mount, unmount, freeze, thaw):
    rec = ctx.rec
    scen = f"{NAME}-{label}"
    port = free_port()
    # the background `logs -f` readers follow a ticker (100 lines/s), not the writer: fifty readers of a service
    # writing as fast as it can take each line encoded once per reader, more than this 2-core machine has
    d = ctx.daemon(scen, log_service="ticker", daemon_body=f"output {{ max-stall = {MAX_STALL_S}s }}\n"
                   f"  metrics {{ enabled = true, listen = \"127.0.0.1:{port}\" }}")
    logdir = os.path.join(d.dir, "log")
    stamp = os.path.join("/dev/shm", f"chaos-{d.tag}.stamp")
    mount(logdir)
    try:
        # rotation bounds the log's own use of the filesystem, so that freeing the filler frees room for it
        d.write_config([Service("writer", writer.argv(stamp), "output { max-size = 256KiB, keep = 1 }"),
                        Service("ticker", ["/bin/sh", "-c", "while :; do echo tick; sleep 0.01; done"],
                                "output { max-size = 64KiB, keep = 1 }")])
        d.start()
        checks.wait_states(d, {"writer": {"running"}, "ticker": {"running"}}, 30)
        wait_for(lambda: writer.read_stamp(stamp), 30)
        stop, gaps = threading.Event(), []
        watcher = threading.Thread(target=_watch_stamp, args=(stamp, stop, gaps), daemon=True)
        watcher.start()
        time.sleep(1)
        freeze(logdir)
        time.sleep(MAX_STALL_S * 3)
        dropped = dropped_bytes(port, "writer")
        thaw(logdir)
        line0 = _last_line_number(logdir)
        resumed = wait_for(lambda: _last_line_number(logdir) > line0 + 1000, 20)
        stop.set()
        watcher.join()
        worst = max(gaps) if gaps else float("inf")
        rec.figure(scen, "longest hold of the writer (s)", round(worst, 2))
        rec.figure(scen, "output.max-stall (s)", MAX_STALL_S)
        rec.check(scen, "the service is never held beyond output.max-stall", worst <= MAX_STALL_S + 1.5,
                  f"longest gap between progress stamps {worst:.2f} s (bound {MAX_STALL_S} s + 1.5 s slack)")
        rec.figure(scen, "dropped bytes reported while frozen", dropped)
        rec.check(scen, "drops are counted", bool(dropped), f"pdsup_service_output_dropped_bytes_total = {dropped}")
        rec.check(scen, "writing resumes", bool(resumed),
                  f"last line in the log {line0} when the filesystem came back, {_last_line_number(logdir)} after")
        checks.settled(rec, scen, d, {"writer": {"running"}, "ticker": {"running"}})
        rec.check(scen, "pdsupd stops in order", d.stop() is None)
    finally:
        d.cleanup()
        unmount(logdir)
        try:
            os.unlink(stamp)
        except OSError:
            pass


def run(ctx):
    # a full filesystem: a 4 MiB tmpfs, filled by a file that is removed to free it again
    def mount_tmpfs(p):
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0750", "tmpfs", p], check=True)

    def fill(p):
        # unbuffered: a buffered file would try its last partial block again at close and raise ENOSPC there
        with open(os.path.join(p, "filler"), "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
            except OSError:
                pass

    def free(p):
        os.unlink(os.path.join(p, "filler"))

    def umount(p):
        subprocess.run(["umount", "-l", p], check=False)

    _scenario(ctx, "full", mount_tmpfs, umount, fill, free)

    if not shutil.which("bindfs"):
        ctx.rec.check(f"{NAME}-hung", "bindfs installed (scripts/install-test-deps.sh)", False)
        return
    backing = {}

    def mount_fuse(p):
        src = p + ".backing"
        os.makedirs(src, mode=0o750, exist_ok=True)
        subprocess.run(["bindfs", src, p], check=True)
        pid = subprocess.run(["pgrep", "-f", f"^bindfs {src} {p}$"], stdout=subprocess.PIPE,
                             check=True).stdout.split()[0]
        backing["pid"] = int(pid)

    def stop_fuse(_p):
        os.kill(backing["pid"], signal.SIGSTOP)

    def cont_fuse(_p):
        os.kill(backing["pid"], signal.SIGCONT)

    def umount_fuse(p):
        try:
            os.kill(backing["pid"], signal.SIGCONT)
        except (OSError, KeyError):
            pass
        subprocess.run(["fusermount3", "-u", "-z", p], check=False)

    _scenario(ctx, "hung", mount_fuse, umount_fuse, stop_fuse, cont_fuse)
