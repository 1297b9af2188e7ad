"""bench/run.sh --scratch: where the instances live, and one whole run per
scratch directory when several are given (a RAM file system and the disk)."""
import datetime
import os
import sys

BOTH = ("/dev/shm", "/var/tmp")


def roots(option):
    """The scratch directories --scratch names: none (the default), one, or several."""
    if not option:
        return []
    if option == "both":
        return list(BOTH)
    return [d for d in option.split(",") if d]


def without_option(argv, name):
    """argv without --name VALUE / --name=VALUE."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == name:
            skip = True
            continue
        if a.startswith(name + "="):
            continue
        out.append(a)
    return out


def run_each(main, argv, out, dirs, bench_dir):
    """One whole run per scratch directory, results side by side under one directory (OUT/scratch-NAME)."""
    stamp = datetime.datetime.now().strftime("%Y-%m-%d")
    run_id = datetime.datetime.now().strftime("%H%M%S") + f"-{os.getpid()}"
    outdir = out or os.path.join(bench_dir, "out", stamp, run_id)
    base = without_option(without_option(argv, "--scratch"), "--out")
    for root in dirs:
        if not os.path.isdir(root):
            print(f"bench: --scratch: {root} is not a directory", file=sys.stderr)
            return 2
    rc = 0
    for root in dirs:
        label = os.path.basename(root.rstrip("/")) or "root"
        sub = os.path.join(outdir, f"scratch-{label}")
        print(f"bench: scratch {root} ({fs_type(root)}): results in {sub}", flush=True)
        rc = main(base + ["--scratch", root, "--out", sub]) or rc
    print(f"bench: one run per scratch directory under {outdir}")
    return rc


def fs_type(path):
    """The file system type of path, from /proc/self/mounts (longest matching mount point)."""
    best, kind = "", "?"
    real = os.path.realpath(path)
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) > 2 and (real == parts[1] or real.startswith(parts[1].rstrip("/") + "/")) \
                        and len(parts[1]) >= len(best):
                    best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind
