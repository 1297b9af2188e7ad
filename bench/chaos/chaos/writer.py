"""A service that writes numbered lines as fast as its output takes them and stamps its progress outside the
log directory, so a check can see whether pdsupd ever held it in write(2) longer than output.max-stall."""
import os

# argv: stamp file. Prints "chaos line N" lines; every 200 lines rewrites the stamp with N and the time.
SCRIPT = r"""
import os, sys, time
stamp = sys.argv[1]
i = 0
out = sys.stdout.buffer
while True:
    i += 1
    out.write(b"chaos line %d ................................................................\n" % i)
    if i % 200 == 0:
        out.flush()
        tmp = stamp + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d %d\n" % (i, time.monotonic_ns()))
        os.replace(tmp, stamp)
        time.sleep(0.002)
"""


def argv(stamp):
    return ["/usr/bin/env", "python3", "-c", SCRIPT, stamp]


def read_stamp(stamp):
    try:
        with open(stamp) as f:
            n, t = f.read().split()
            return int(n), int(t)
    except (OSError, ValueError):
        return None
