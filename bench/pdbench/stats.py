"""Percentiles and summaries of samples."""


def percentile(values, p):
    """Linear-interpolated percentile (p in 0..100) of a non-empty list."""
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    if k == lo:
        return v[lo]
    if v[hi] == float("inf"):  # censored samples (W7: no event at all)
        return float("inf")
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary(values):
    """{n, p50, p10, p90, p99, min, max} of values, or {n: 0} when empty."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p10": percentile(values, 10),
        "p90": percentile(values, 90),
        "p99": percentile(values, 99),
        "min": min(values),
        "max": max(values),
    }


def fmt_ms(x):
    """A duration in ms for tables: 3 significant digits below 100 ms."""
    if x is None:
        return "–"
    if x == float("inf"):
        return "∞"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"
