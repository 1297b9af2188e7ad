#!/usr/bin/env python3
"""A supervisord event listener (the documented listener protocol) that
records when each PROCESS_STATE_EXITED event reaches it:

    <receive CLOCK_REALTIME ns> <processname> <pid>

one line per event, appended to the file named by argv[1]."""
import sys
import time


def fields(text):
    return dict(token.split(":", 1) for token in text.split() if ":" in token)


def main(path):
    out = open(path, "a", buffering=1)
    stdin, stdout = sys.stdin.buffer, sys.stdout
    while True:
        stdout.write("READY\n")
        stdout.flush()
        header = stdin.readline()
        if not header:
            return 0
        received = time.time_ns()
        h = fields(header.decode())
        payload = fields(stdin.read(int(h["len"])).decode())
        if h.get("eventname") == "PROCESS_STATE_EXITED":
            out.write(f"{received} {payload.get('processname')} {payload.get('pid')}\n")
        stdout.write("RESULT 2\nOK")
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
