"""pdsup's chaos and soak suite: drives a real pdsupd from the tarball through faults and checks, after
each scenario, what must hold (see bench/chaos/README.md)."""
