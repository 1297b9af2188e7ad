"""pdbench: the benchmark harness behind bench/run.sh (Python 3 standard library only)."""
