"""The stamp files svc.c writes: one per service, lines "start <ns> <pid>" and
"exit <ns> <pid>"."""
import os
from collections import namedtuple

Stamp = namedtuple("Stamp", "kind ns pid")


class StampDir:
    """The directory holding one stamp file per service, named after it."""

    def __init__(self, path):
        self.path = path
        os.makedirs(path, exist_ok=True)

    def file(self, name):
        return os.path.join(self.path, name)

    def started_count(self):
        """How many services have written at least one line (files exist only
        once a service started)."""
        return len(os.listdir(self.path))

    def size(self, name):
        try:
            return os.stat(self.file(name)).st_size
        except FileNotFoundError:
            return 0

    def read(self, name, tail_bytes=None):
        """Every complete line of the service's file as Stamps, in order (only
        those in its last tail_bytes when given)."""
        try:
            with open(self.file(name), "rb") as f:
                if tail_bytes is not None:
                    size = f.seek(0, os.SEEK_END)
                    f.seek(max(0, size - tail_bytes))
                data = f.read().decode("ascii", "replace")
        except FileNotFoundError:
            return []
        lines = data.split("\n")[:-1]
        if tail_bytes is not None and lines:
            lines = lines[1:]  # the first may be cut
        out = []
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[0] in ("start", "exit"):
                out.append(Stamp(parts[0], int(parts[1]), int(parts[2])))
        return out

    def starts(self, name):
        return [s for s in self.read(name) if s.kind == "start"]

    def exits(self, name):
        return [s for s in self.read(name) if s.kind == "exit"]

    def last_start(self, name):
        s = self.starts(name)
        return s[-1] if s else None
