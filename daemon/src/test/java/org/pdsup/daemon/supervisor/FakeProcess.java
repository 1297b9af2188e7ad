package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.pdsup.procdesc.ExitStatus;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.Signal;

/** A process that is not there: remembers the signals sent to it. For tests of the machine alone. */
final class FakeProcess implements ProcessDescriptor {
    final int pid;
    final List<Signal> signals = new ArrayList<>();
    boolean closed;

    FakeProcess(int pid) {
        this.pid = pid;
    }

    @Override public int pid() { return pid; }
    @Override public int fd() { return -1; }
    @Override public boolean isDaemon() { return false; }
    @Override public boolean isAdopted() { return false; }
    @Override public void signal(Signal signal) { signals.add(signal); }
    @Override public void signalGroup(Signal signal) { signals.add(signal); }
    @Override public boolean isAlive() { return !closed; }
    @Override public Instant startTime() { return Instant.EPOCH; }
    @Override public Optional<ExitStatus> tryWait() { return Optional.empty(); }
    @Override public ExitStatus waitFor() { throw new UnsupportedOperationException(); }
    @Override public void close() { closed = true; }
}
