"""bench/run.sh --scale: W2, W3, W4 and W6 against the number of services.

From the raw results of a run (raw.json) it makes the scale table (medians per
supervisor and N), the cost per service between consecutive N and the
least-squares slope over all N, a CSV of the same medians, and a PNG plot
rendered from those numbers (matplotlib; python3-matplotlib, installed by
bench/install-peers.sh)."""
import csv
import os
import subprocess
import sys

from .report import per_rep, pooled
from .stats import summary

SCALE_NS = (100, 1000, 3000, 10000)
SCALE_WORKLOADS = ("W2", "W3", "W4", "W6")

# (key, label, unit, per-service unit scale, workload, value of the repetitions)
METRICS = (
    ("w2_last_ms", "W2 cold start, last service", "ms", "W2", lambda r: med(per_rep(r, "last_ms"))),
    ("w2_first_ms", "W2 cold start, first service", "ms", "W2", lambda r: med(per_rep(r, "first_ms"))),
    ("w2_cpu_ms", "W2 cold start, supervisor CPU", "ms", "W2", lambda r: med(per_rep(r, "cpu_ms"))),
    ("w3_pss_mib", "W3 PSS", "MiB", "W3", lambda r: med(per_rep(r, "pss_mib"))),
    ("w3_cpu_ms_30s", "W3 idle CPU per 30 s", "ms", "W3",
     lambda r: med([x["cpu_ms"] * 30 / x["window_s"] for x in r])),
    ("w4_status_all_ms", "W4 status, all", "ms", "W4", lambda r: med(pooled(r, "status_all"))),
    ("w4_status_one_ms", "W4 status, one", "ms", "W4", lambda r: med(pooled(r, "status_one"))),
    ("w6_p50_ms", "W6 SIGKILL → new process p50", "ms", "W6", lambda r: med(pooled(r, "samples_ms"))),
)


def med(values):
    values = [v for v in values if v is not None]
    return summary(values)["p50"] if values else None


def medians(results, sups, ns):
    """{sup: {metric: {n: value}}} for every N that has a result."""
    out = {}
    for sup in sups:
        byw = results.get(sup, {})
        m = out.setdefault(sup, {})
        for key, _, _, wl, get in METRICS:
            for n in ns:
                reps = byw.get(wl, {}).get(n, [])
                try:
                    v = get(reps) if reps else None
                except (KeyError, TypeError, ZeroDivisionError):
                    v = None
                if v is not None:
                    m.setdefault(key, {})[n] = v
    return out


def least_squares_slope(points):
    """Slope of the least-squares line through [(n, value)], or None."""
    if len(points) < 2:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None


def marginal(points):
    """Cost per added service between consecutive N: [(n0, n1, slope)]."""
    pts = sorted(points)
    return [(a[0], b[0], (b[1] - a[1]) / (b[0] - a[0])) for a, b in zip(pts, pts[1:])]


def fmt(v, unit):
    if v is None:
        return "–"
    if unit == "MiB":
        return f"{v:.1f}"
    return f"{v:.1f}" if abs(v) < 100 else f"{v:,.0f}"


def per_service(v, unit):
    """A slope in readable units: µs or KiB per service."""
    if v is None:
        return "–"
    return f"{v * 1024:.1f} KiB" if unit == "MiB" else f"{v * 1000:.1f} µs"


def markdown(meds, sups, ns):
    out = ["### Scale: medians per N, and the cost per added service", ""]
    head = "| supervisor | measure | " + " | ".join(f"N={n:,}" for n in ns) + \
        " | per service, between consecutive N | per service, least squares |"
    out += [head, "|" + "---|" * (len(ns) + 4)]
    for sup in sups:
        for key, label, unit, _, _ in METRICS:
            vals = meds.get(sup, {}).get(key, {})
            if not vals:
                continue
            pts = sorted(vals.items())
            steps = ", ".join(f"{per_service(s, unit)}" for _, _, s in marginal(pts)) or "–"
            out.append(f"| {sup} | {label} ({unit}) | " + " | ".join(fmt(vals.get(n), unit) for n in ns)
                       + f" | {steps} | {per_service(least_squares_slope(pts), unit)} |")
    out.append("")
    out.append("A flat cost per service shows as equal steps between consecutive N; a super-linear term as "
               "growing steps.")
    return "\n".join(out) + "\n"


def write_csv(meds, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["supervisor", "measure", "unit", "n", "value"])
        for sup, byk in meds.items():
            for key, _, unit, _, _ in METRICS:
                for n, v in sorted(byk.get(key, {}).items()):
                    w.writerow([sup, key, unit, n, f"{v:.4f}"])


def plot(csv_path, path, title):
    """Renders scale.csv as a PNG (log-log, one panel per measure); returns
    None, or why there is no plot. Debian's python3-matplotlib lives in
    /usr/bin/python3's path: when this interpreter is another one (pyenv),
    the plot is rendered by that one, from the same CSV."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.access(system, os.X_OK):
            r = subprocess.run([system, "-m", "pdbench.scale", csv_path, path, title],
                               cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
            out = r.stdout.decode("utf-8", "replace").strip()
            return (out or None) if r.returncode == 0 else f"{system} could not plot: {out[-300:]}"
        return "matplotlib is not installed (bench/install-peers.sh installs python3-matplotlib)"
    return render_png(csv_path, path, title)


def render_png(csv_path, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    series = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault(row["measure"], {}).setdefault(row["supervisor"], []).append(
                (int(row["n"]), float(row["value"])))
    panels = [m for m in METRICS if m[0] in series]
    if not panels:
        return "no results to plot"
    cols = 3
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.8 * rows), squeeze=False)
    for ax, (key, label, unit, _, _) in zip(axes.flat, panels):
        for sup, pts in series[key].items():
            pts.sort()
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=sup)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("services (N)")
        ax.set_ylabel(unit)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return None


def write_all(results, sups, ns, outdir, title):
    """scale.md, scale.csv and scale.png in outdir; returns the markdown."""
    meds = medians(results, sups, ns)
    md = markdown(meds, sups, ns)
    csv_path = os.path.join(outdir, "scale.csv")
    write_csv(meds, csv_path)
    why = plot(csv_path, os.path.join(outdir, "scale.png"), title)
    if why:
        md += f"\n(no plot: {why})\n"
    with open(os.path.join(outdir, "scale.md"), "w") as f:
        f.write(md)
    return md


if __name__ == "__main__":
    # python3 -m pdbench.scale SCALE_CSV OUT_PNG TITLE (see plot)
    problem = render_png(sys.argv[1], sys.argv[2], sys.argv[3])
    if problem:
        print(problem)
