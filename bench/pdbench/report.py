"""Summaries of the raw results and their Markdown tables (one per workload,
pdsup beside every peer, with the ratio pdsup / best peer)."""
from .stats import fmt_ms, summary

PEERS = ("supervisord", "s6", "runit")


def pooled(reps, key):
    out = []
    for r in reps:
        out.extend(r.get(key, []))
    return out


def per_rep(reps, key):
    return [r[key] for r in reps if key in r]


def spread(values):
    """"median (min–max)" of per-repetition values."""
    s = summary(values)
    if not s["n"]:
        return "–"
    if s["n"] == 1:
        return fmt_ms(s["p50"])
    return f"{fmt_ms(s['p50'])} ({fmt_ms(s['min'])}–{fmt_ms(s['max'])})"


def pct(values):
    """"p50 (p10–p90)" of pooled samples."""
    s = summary(values)
    if not s["n"]:
        return "–"
    return f"{fmt_ms(s['p50'])} ({fmt_ms(s['p10'])}–{fmt_ms(s['p90'])})"


def ratio(pdsup, peers, lower_is_better=True):
    """pdsup / best peer, as text."""
    best = [v for v in peers.values() if v is not None]
    if pdsup is None or not best:
        return "–"
    b = min(best) if lower_is_better else max(best)
    if b == 0:
        return "–"
    return f"{pdsup / b:.2g}×"


class Report:
    """results[sup][workload][n] = [per-repetition dict]; notes[sup] = why a
    supervisor or workload has no numbers."""

    def __init__(self, results, notes, sups, ns, w7_services):
        self.results, self.notes, self.sups, self.ns = results, notes, sups, ns
        self.w7_services = w7_services

    def reps(self, sup, wl, n):
        return self.results.get(sup, {}).get(wl, {}).get(n, [])

    def cell_missing(self, sup, wl):
        note = self.notes.get((sup, wl)) or self.notes.get((sup, None))
        if not note:
            return "–"
        return note if note.startswith("failed") else f"pending: {note}"

    def table(self, title, wl, columns, ns=None, ratio_of=None):
        """columns: [(header, fn(reps) -> text)]; ratio_of: fn(reps) -> number."""
        ns = ns or self.ns
        lines = [f"### {title}", ""]
        head = ["N", "supervisor"] + [c[0] for c in columns]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for n in ns:
            values = {}
            for sup in self.sups:
                reps = self.reps(sup, wl, n)
                if reps and all("unavailable" in r for r in reps):
                    cells = [f"n/a: {reps[0]['unavailable']}"] + [""] * (len(columns) - 1)
                elif reps:
                    cells = [fn(reps) for _, fn in columns]
                    if ratio_of:
                        values[sup] = ratio_of(reps)
                else:
                    cells = [self.cell_missing(sup, wl)] + [""] * (len(columns) - 1)
                lines.append(f"| {n:,} | {sup} | " + " | ".join(cells) + " |")
            if ratio_of and "pdsup" in values:
                peers = {p: values.get(p) for p in PEERS if p in values}
                lines.append(f"| {n:,} | **pdsup / best peer** | {ratio(values['pdsup'], peers)} |"
                             + " |" * (len(columns) - 1))
        lines.append("")
        return "\n".join(lines)

    def markdown(self):
        med = lambda v: summary(v)["p50"] if v else None  # noqa: E731
        out = []
        out.append(self.table(
            "W1 — one service crashing in a loop (respawn gap = next start − previous exit, ms)", "W1",
            [("gap p50 (p10–p90)", lambda r: pct(pooled(r, "gaps_ms"))),
             ("gap p90", lambda r: fmt_ms(summary(pooled(r, "gaps_ms")).get("p90"))),
             ("restarts in 10 s", lambda r: spread(per_rep(r, "restarts_per_10s"))),
             ("samples", lambda r: str(len(pooled(r, "gaps_ms"))))],
            ratio_of=lambda r: med(pooled(r, "gaps_ms"))))
        out.append(self.table(
            "W2 — cold start (launch → last service's first start line, ms; median (min–max) of repetitions)",
            "W2",
            [("last service", lambda r: spread(per_rep(r, "last_ms"))),
             ("first service", lambda r: spread(per_rep(r, "first_ms"))),
             ("supervisor CPU", lambda r: spread(per_rep(r, "cpu_ms")))],
            ratio_of=lambda r: med(per_rep(r, "last_ms"))))
        out.append(self.table(
            "W3 — idle (supervisor's own processes; CPU over the window; memory at its end)", "W3",
            [("CPU ms / 30 s", lambda r: spread([x["cpu_ms"] * 30 / x["window_s"] for x in r])),
             ("wakeups / 30 s", lambda r: spread([x["context_switches"] * 30 / x["window_s"] for x in r])),
             ("processes", lambda r: str(r[0]["processes"])),
             ("RSS MiB", lambda r: spread(per_rep(r, "rss_mib"))),
             ("PSS MiB", lambda r: spread(per_rep(r, "pss_mib")))],
            ratio_of=lambda r: med(per_rep(r, "pss_mib"))))
        out.append(self.table(
            "W4 — control (whole command, client start included, ms: median (p10–p90) over all runs)", "W4",
            [("status, all", lambda r: pct(pooled(r, "status_all"))),
             ("status, one", lambda r: pct(pooled(r, "status_one"))),
             ("restart one (waits)", lambda r: pct(pooled(r, "restart_one")) + self.errors(r, "restart_one")),
             ("restart one (no wait)", lambda r: pct(pooled(r, "restart_one_nowait")))],
            ratio_of=lambda r: med(pooled(r, "status_all"))))
        out.append(self.table(
            "W5 — stop all (command → last service gone, ms; median (min–max) of repetitions)", "W5",
            [("last gone", lambda r: spread(per_rep(r, "gone_ms"))),
             ("command returned", lambda r: spread(per_rep(r, "command_ms")))],
            ratio_of=lambda r: med(per_rep(r, "gone_ms"))))
        out.append(self.table(
            "W6 — SIGKILL of one service among N (kill → new start line, ms)", "W6",
            [("p50 (p10–p90)", lambda r: pct(pooled(r, "samples_ms"))),
             ("min–max", lambda r: self.minmax(pooled(r, "samples_ms"))),
             ("samples", lambda r: str(len(pooled(r, "samples_ms"))))],
            ratio_of=lambda r: med(pooled(r, "samples_ms"))))
        out.append(self.table(
            f"W7 — exit → exit event from the event stream ({self.w7_services:,} services, crashing ones "
            "in a loop; ms; ∞: no event within the grace period)", "W7",
            [("received p50", lambda r: fmt_ms(summary(pooled(r, "latency_ms")).get("p50"))),
             ("received p99", lambda r: fmt_ms(summary(pooled(r, "latency_ms")).get("p99"))),
             ("event's own time p50 / p99", lambda r: self.p50p99(pooled(r, "event_time_ms"))),
             ("exits", lambda r: str(sum(x.get("exits", 0) for x in r))),
             ("exits without event", lambda r: str(sum(x.get("unmatched", 0) for x in r)))],
            ns=[self.w7_services],
            ratio_of=lambda r: summary(pooled(r, "latency_ms")).get("p99")))
        return "\n".join(out)

    @staticmethod
    def errors(reps, key):
        n = sum(1 for r in reps if key + "_error" in r)
        return f" ({n} of {len(reps)} repetitions failed)" if n else ""

    @staticmethod
    def minmax(v):
        s = summary(v)
        return f"{fmt_ms(s['min'])}–{fmt_ms(s['max'])}" if s["n"] else "–"

    @staticmethod
    def p50p99(v):
        s = summary(v)
        return f"{fmt_ms(s['p50'])} / {fmt_ms(s['p99'])}" if s["n"] else "–"


def targets_table(results):
    """pdsup against the targets of issue 22, as Markdown (empty without pdsup)."""
    pd = results.get("pdsup")
    if not pd:
        return ""

    def reps(wl, n):
        return pd.get(wl, {}).get(n, [])

    def med(values):
        return summary(values)["p50"] if values else None

    rows = []

    def row(what, target, value, limit, unit="ms", higher_is_better=False):
        if value is None:
            rows.append(f"| {what} | {target} | – | not measured |")
            return
        ok = value >= limit if higher_is_better else value <= limit
        if ok:
            verdict = "met"
        elif higher_is_better:
            verdict = f"missed: {value:.2g}× where {limit:g}× is asked"
        else:
            verdict = f"missed by {value - limit:,.1f} {unit} ({value / limit:.1f}× the target)"
        shown = f"{value:.2g}×" if higher_is_better else f"{fmt_ms(value)} {unit}"
        rows.append(f"| {what} | {target} | {shown} | {verdict} |")

    def best_peer(wl, n, key, pooled_samples=False):
        """The best peer's median for wl at n, with its name, or (None, None)."""
        best = (None, None)
        for peer in PEERS:
            r = results.get(peer, {}).get(wl, {}).get(n, [])
            v = med(pooled(r, key) if pooled_samples else per_rep(r, key))
            if v is not None and (best[0] is None or v < best[0]):
                best = (v, peer)
        return best

    def against_peer(what, mine, wl, n, key, pooled_samples=False):
        v, peer = best_peer(wl, n, key, pooled_samples)
        if mine is None or v is None:
            return
        verdict = "ahead" if mine < v else "behind"
        rows.append(f"| {what}: pdsup / best peer ({peer}) | < 1× | {mine / v:.2g}× | {verdict} |")

    for n in sorted(pd.get("W1", {})):
        row(f"W1 respawn gap p50, N={n:,}", "≤ 5 ms", med(pooled(reps("W1", n), "gaps_ms")), 5)
    w2 = med(per_rep(reps("W2", 1000), "last_ms"))
    row("W2 cold start, N=1,000", "≤ 1.5 s", w2, 1500)
    against_peer("W2 cold start, N=1,000", w2, "W2", 1000, "last_ms")
    row("W2 cold start, N=10,000", "≤ 10 s", med(per_rep(reps("W2", 10000), "last_ms")), 10000)
    w3 = reps("W3", 1000)
    row("W3 idle CPU per 30 s, N=1,000", "≤ 1 ms",
        med([x["cpu_ms"] * 30 / x["window_s"] for x in w3]) if w3 else None, 1)
    row("W3 PSS, N=1,000", "≤ 64 MiB", med(per_rep(w3, "pss_mib")), 64, unit="MiB")
    row("W3 PSS, N=10,000", "≤ 200 MiB", med(per_rep(reps("W3", 10000), "pss_mib")), 200, unit="MiB")
    row("W4 status one, N=1,000", "≤ 80 ms", med(pooled(reps("W4", 1000), "status_one")), 80)
    row("W4 status of all, N=1,000", "≤ 120 ms", med(pooled(reps("W4", 1000), "status_all")), 120)
    w5 = med(per_rep(reps("W5", 1000), "gone_ms"))
    row("W5 stop all, N=1,000", "≤ 0.4 s", w5, 400)
    against_peer("W5 stop all, N=1,000", w5, "W5", 1000, "gone_ms")
    for n in sorted(pd.get("W6", {})):
        w6 = med(pooled(reps("W6", n), "samples_ms"))
        row(f"W6 SIGKILL → new process p50, N={n:,}", "≤ 3 ms", w6, 3)
        against_peer(f"W6 p50, N={n:,}", w6, "W6", n, "samples_ms", pooled_samples=True)
    for n, r in sorted(pd.get("W7", {}).items()):
        lat = pooled(r, "latency_ms")
        row(f"W7 exit → event p99, {n:,} services", "≤ 5 ms", summary(lat).get("p99") if lat else None, 5)
    head = ["### pdsup against the targets of issue 22", "", "| what | target | pdsup | verdict |",
            "|---|---|---|---|"]
    return "\n".join(head + rows) + "\n"
