#!/usr/bin/env python3
"""Live re-exec (pdctl reexec / SIGUSR2) at scale; see docs/benchmarks.md, "Live re-exec".

Unpacks the built tarball twice (install-a, install-b) behind a symbolic link, starts pdsupd with
SLEEPERS idle services, WRITERS services printing numbered lines and CRASHERS crash-looping ones, then
re-executes it ROUNDS times, switching the link to the other installation before each round, and measures:

  checks       SIGUSR2 -> the control server stops accepting (the `restarting` end frame of an events
               follower): the old program's checks, the new program's --check-config run among them
  unavailable  that end frame -> a status request sent at once is answered by the new program (it waited in
               the socket's backlog): the time no request is served; with the CPU pdsupd used meanwhile
               (/proc/PID/stat), which a loaded machine does not inflate as it does the wall time
  total        SIGUSR2 -> answered

and checks every round: same daemon PID, the new installation's program, every writer and sleeper running
with its PID and 0 restarts, no crasher's restart counter went back. After the last round it stops pdsupd
and checks that every writer's log holds 1, 2, 3, ... with no gap and no repetition.

  bench/reexec.py [--sleepers 800] [--writers 200] [--crashers 20] [--rounds 3]
                  [--tarball packaging/target/pdsup-VERSION.tar.gz] [--keep DIR] [--no-cds]

Prints one line per round and a summary; exits 1 when a check failed.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def request(sock_path, frames, until_id, timeout=120.0):
    """Sends hello + frames on a new connection; returns the frames read up to the answer to until_id."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    out = [json.dumps({"op": "hello", "id": 1, "version": 1})] + [json.dumps(f) for f in frames]
    s.sendall(("\n".join(out) + "\n").encode())
    got, buf = [], b""
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            raise RuntimeError("connection closed before the answer to %d: %r" % (until_id, got[-3:]))
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            f = json.loads(line)
            got.append(f)
            if f.get("id") == until_id and "ok" in f:
                s.close()
                return got


def status(sock_path):
    while True:
        frames = request(sock_path, [{"op": "status", "id": 2}], 2)
        answer = frames[-1]
        if answer.get("ok"):
            return {s["name"]: s for s in answer["services"]}
        if answer.get("error", {}).get("code") != "restarting":
            raise RuntimeError("status: %r" % answer)
        # accepted by the old program just before it stopped accepting: ask again, the new one answers


def wait_up(sock_path, names, deadline):
    while True:
        try:
            st = status(sock_path)
            if all(st.get(n, {}).get("state") == "running" for n in names):
                return st
        except (OSError, RuntimeError, KeyError):
            pass
        if time.time() > deadline:
            raise SystemExit("services not running in time")
        time.sleep(0.5)


def config(home, sleepers, writers, crashers):
    lines = ["pdsupd {", '  state-dir = "%s/state"' % home, '  log-dir = "%s/log"' % home,
             '  control { socket = "%s/pdsupd.sock", admins { users = ["%s"], groups = [] } }'
             % (home, os.environ.get("USER", "root")), "}", "services {"]
    for i in range(1, sleepers + 1):
        lines.append('  sleeper%d { command = [/bin/sleep, "1000000"], output { stdout = \"null\", stderr = \"null\" } }' % i)
    perl = r'$|=1; for ($i = 1; ; $i++) { print \"$i\\n\"; select(undef, undef, undef, 0.01) }'
    for i in range(1, writers + 1):
        lines.append('  writer%d { command = [/usr/bin/perl, "-e", "%s"] }' % (i, perl))
    for i in range(1, crashers + 1):
        lines.append('  crasher%d { command = [/bin/sh, "-c", "echo crash; exit 3"], backoff { initial = 100ms, '
                     'max = 500ms }, start-limit { burst = 100000, interval = 1s } }' % i)
    lines.append("}")
    with open(os.path.join(home, "pdsupd.conf"), "w") as f:
        f.write("\n".join(lines) + "\n")


def cpu_seconds(pid):
    """User + system CPU of the process so far (/proc/PID/stat fields 14 and 15; an exec does not reset them)."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(sock_path, pid, expect_prefix, before, names):
    ev = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ev.settimeout(120)
    ev.connect(sock_path)
    ev.sendall((json.dumps({"op": "hello", "id": 1, "version": 1}) + "\n" + json.dumps(
        {"op": "events", "id": 2, "history": False, "follow": True}) + "\n").encode())
    buf = b""
    while b'"streaming":true' not in buf:
        buf += ev.recv(65536)
    t0 = time.monotonic()
    os.kill(pid, signal.SIGUSR2)
    buf = b""
    while True:
        chunk = ev.recv(1 << 20)
        if not chunk:
            raise SystemExit("events stream closed without a restarting end frame")
        buf += chunk
        if b'"restarting":true' in buf:
            break
    t1 = time.monotonic()
    cpu1 = cpu_seconds(pid)
    after = status(sock_path)
    t2 = time.monotonic()
    cpu2 = cpu_seconds(pid)
    ev.close()
    problems = []
    cmd = open("/proc/%d/cmdline" % pid, "rb").read().decode().replace("\0", " ")
    if expect_prefix not in cmd:
        problems.append("daemon does not run %s: %s" % (expect_prefix, cmd[:200]))
    for n in names:
        b, a = before[n], after[n]
        if n.startswith("crasher"):
            if a["restarts"] < b["restarts"]:
                problems.append("%s restarts went back %d -> %d" % (n, b["restarts"], a["restarts"]))
        elif a["pid"] != b["pid"] or a["restarts"] != 0 or a["state"] != "running":
            problems.append("%s: pid %s -> %s, restarts %s, %s" % (n, b["pid"], a["pid"], a["restarts"],
                                                                   a["state"]))
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t2 - t0) * 1000, problems, after, (cpu2 - cpu1) * 1000


def check_lines(home, writers):
    bad = []
    for i in range(1, writers + 1):
        path = os.path.join(home, "log", "writer%d" % i, "output.log")
        expected = 1
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.isdigit():
                    bad.append("writer%d: not a number: %r" % (i, line))
                    continue
                n = int(line)
                if n != expected:
                    bad.append("writer%d: line %d expected, %d found" % (i, expected, n))
                expected = n + 1
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sleepers", type=int, default=800)
    ap.add_argument("--writers", type=int, default=200)
    ap.add_argument("--crashers", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tarball")
    ap.add_argument("--keep")
    ap.add_argument("--no-cds", action="store_true", help="skip libexec/pdsup-cds (the JVMs start slower)")
    o = ap.parse_args()
    tarball = o.tarball or (glob.glob(os.path.join(HERE, "..", "packaging", "target", "pdsup-*.tar.gz")) or [None])[0]
    if not tarball:
        raise SystemExit("no tarball: build with mvn package first")
    top = o.keep or tempfile.mkdtemp(prefix="pdsup-reexec.")
    installs = []
    for name in ("install-a", "install-b"):
        d = os.path.join(top, name)
        os.makedirs(d, exist_ok=True)
        subprocess.run(["tar", "-xzf", tarball, "-C", d, "--strip-components=1"], check=True)
        if not o.no_cds:
            # as an administrator does after installing: the class-data archives make the new JVM start faster
            subprocess.run([os.path.join(d, "libexec", "pdsup-cds")], check=False, stdout=subprocess.DEVNULL)
        installs.append(os.path.realpath(d))
    current = os.path.join(top, "current")
    os.symlink(installs[0], current)
    home = os.path.join(top, "home")
    os.makedirs(home, exist_ok=True)
    config(home, o.sleepers, o.writers, o.crashers)
    sock_path = os.path.join(home, "pdsupd.sock")
    env = dict(os.environ)
    env.pop("PDSUPD_JAVA_OPTS", None)
    log = open(os.path.join(home, "pdsupd.log"), "w")
    daemon = subprocess.Popen([os.path.join(current, "bin", "pdsupd"), "-c", os.path.join(home, "pdsupd.conf")],
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
    total = o.sleepers + o.writers + o.crashers
    names = (["sleeper%d" % i for i in range(1, o.sleepers + 1)] + ["writer%d" % i for i in range(1, o.writers + 1)]
             + ["crasher%d" % i for i in range(1, o.crashers + 1)])
    failed = False
    try:
        up = [n for n in names if not n.startswith("crasher")]
        before = wait_up(sock_path, up, time.time() + 300)
        time.sleep(2)  # the crashers crash a few times
        before = status(sock_path)
        print("pdsupd pid %d, %d services (%d sleepers, %d writers, %d crashers)" % (
            daemon.pid, total, o.sleepers, o.writers, o.crashers))
        results = []
        for r in range(o.rounds):
            target = installs[(r + 1) % 2]
            nxt = current + ".next"
            os.symlink(target, nxt)
            os.replace(nxt, current)
            checks, unavailable, whole, problems, before, cpu = one_round(sock_path, daemon.pid, target, before, names)
            results.append((checks, unavailable, whole, cpu))
            print("round %d -> %s: checks %.0f ms, unavailable %.0f ms (pdsupd's CPU meanwhile %.0f ms), total %.0f ms%s"
                  % (r + 1, os.path.basename(target), checks, unavailable, cpu, whole,
                "" if not problems else "; PROBLEMS: " + "; ".join(problems[:5])))
            failed |= bool(problems)
            time.sleep(1)
        if daemon.poll() is not None:
            raise SystemExit("pdsupd exited")
        request(sock_path, [{"op": "shutdown", "id": 2}], 2)
        daemon.wait(timeout=300)
        bad = check_lines(home, o.writers)
        print("output: %d writers, %s" % (o.writers, "every line once" if not bad else "; ".join(bad[:10])))
        failed |= bool(bad)
        un = sorted(x[1] for x in results)
        print("summary: %d services, unavailable median %.0f ms (min %.0f, max %.0f); total median %.0f ms" % (
            total, un[len(un) // 2], un[0], un[-1], sorted(x[2] for x in results)[len(results) // 2]))
        for line in open(os.path.join(home, "pdsupd.log")):
            if "re-exec: handing over" in line or "re-exec complete" in line:
                # the new program's line times its phases (exec and JVM start, configuration, take-over, ...)
                print("  log: " + re.sub(r" exec /.*", "", line.strip())[:480])
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        if not o.keep:
            shutil.rmtree(top, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
