package org.pdsup.daemon.supervisor;

import java.time.Instant;
import java.util.Optional;

import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;

/**
 * The system's process descriptors with the calls a supervisor test needs passed on, for test wrappers that
 * change one or two of them. What is not overridden here keeps the interface's default (no quick start, no
 * orphan peek, no child-signal descriptor), so a wrapper opts into each.
 */
abstract class ForwardingProcessDescriptors implements ProcessDescriptors {
    final ProcessDescriptors real = ProcessDescriptors.system();

    @Override public ProcessDescriptor spawn(SpawnSpec spec) throws SpawnException { return real.spawn(spec); }
    @Override public ProcessDescriptor adopt(int pid, Instant expectedStartTime) { return real.adopt(pid, expectedStartTime); }
    @Override public ExitWatcher newExitWatcher(String threadName) { return real.newExitWatcher(threadName); }
    @Override public void becomeSubreaper() { real.becomeSubreaper(); }
    @Override public int reapOrphans() { return real.reapOrphans(); }
    @Override public void resetChildSignal() { real.resetChildSignal(); }
    @Override public Pipe pipe() { return real.pipe(); }
    @Override public int signalNumber(Signal signal) { return real.signalNumber(signal); }
    @Override public Optional<Signal> signalOf(int n) { return real.signalOf(n); }
    @Override public String describe() { return real.describe(); }
}
