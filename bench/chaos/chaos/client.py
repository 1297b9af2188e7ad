"""A raw control-protocol client (NDJSON over the Unix socket): no JVM start, so latencies are pdsupd's own."""
import json
import socket
import time


class ControlError(Exception):
    pass


class RawClient:
    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.next_id = 1

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, op, **fields):
        rid = self.next_id
        self.next_id += 1
        msg = dict(fields, op=op, id=rid)
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        return rid

    def frame(self):
        """The next frame (a dict); raises ControlError when the daemon closed the connection."""
        while b"\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ControlError("connection closed by pdsupd")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def request(self, op, **fields):
        rid = self.send(op, **fields)
        while True:
            f = self.frame()
            if f.get("id") == rid and "ok" in f and not f.get("streaming"):
                if not f["ok"]:
                    err = f["error"]
                    details = "; ".join(str(e) for e in err.get("errors", []))
                    raise ControlError(f"{op}: {err['code']}: {err['message']}" + (f" ({details})" if details else ""))
                return f


def status(path, timeout=10.0):
    """(services by name, seconds the answer took at the socket, connection included)."""
    t0 = time.perf_counter()
    with RawClient(path, timeout) as c:
        r = c.request("status")
    dt = time.perf_counter() - t0
    return {s["name"]: s for s in r["services"]}, dt


def try_status(path, timeout=10.0):
    try:
        return status(path, timeout)
    except (OSError, ControlError, ValueError):
        return None, None
