#!/usr/bin/env python3
"""Benchmarks of pdsup beside supervisord, s6 and runit; see docs/benchmarks.md."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdbench.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
