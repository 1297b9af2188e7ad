"""What bench/profile/*.py share: the bench's service program and a pdsupd configuration of N of them."""
import os
import subprocess
import time

SVC_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), "svc.c")


def build_svc(workdir):
    """Builds bench/svc.c into workdir; returns its path."""
    out = os.path.join(workdir, "svc")
    subprocess.run(["cc", "-O2", "-o", out, SVC_C], check=True)
    return out


def write_config(d, n, svc, extra_args=lambda i: []):
    """pdsupd.conf in d for svc1..svcN of the bench's shape (restart always, no backoff, output to /dev/null),
    each stamping d/stamps/svcI; extra_args(i) adds arguments to service i. Returns the file's path."""
    for sub in ("state", "log", "stamps"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    lines = ["pdsupd {", f' state-dir = "{d}/state"', f' log-dir = "{d}/log"',
             f' control {{ socket = "{d}/pdsupd.sock" }}', " metrics { enabled = false }", "}", "services {"]
    for i in range(1, n + 1):
        argv = ", ".join(f'"{a}"' for a in [svc, "-f", f"{d}/stamps/svc{i}"] + extra_args(i))
        lines.append(f" svc{i} {{ command = [{argv}], restart = always, backoff {{ initial = 0ms }}, "
                     "start-limit { burst = 1000000, interval = 1s }, output { stdout = null, stderr = null } }")
    lines.append("}")
    conf = os.path.join(d, "pdsupd.conf")
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")
    return conf


def wait_started(d, n, proc, timeout_s=600):
    """True once n services have written their start line; False if proc ended or timeout_s passed."""
    stamps = os.path.join(d, "stamps")
    deadline = time.time() + timeout_s
    while len(os.listdir(stamps)) < n:
        if proc.poll() is not None or time.time() > deadline:
            return False
        time.sleep(0.1)
    return True
