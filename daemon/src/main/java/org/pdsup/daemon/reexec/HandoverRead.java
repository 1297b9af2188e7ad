package org.pdsup.daemon.reexec;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.ProcessReplacement;

/**
 * The new program's reading of a live re-exec's handover ({@code --take-over=FD}): read and decoded on a thread
 * of its own, started before the configuration loads, so that the two overlap (docs/architecture.md, "Live
 * re-exec", step 10). {@link #await} gives the state, or the reason it could not be read. The same thread then
 * takes every handed-over process descriptor ({@link ProcessDescriptors#inherit}, which checks that it names the
 * recorded PID): {@link #inherited} gives them to the take-over, which checks again only what is missing there.
 */
public final class HandoverRead {
    private final int fd;
    private final CompletableFuture<HandoverState> state = new CompletableFuture<>();
    private final CompletableFuture<Map<String, ProcessDescriptor>> inherited = new CompletableFuture<>();
    private volatile long nanos;
    private volatile long inheritNanos;

    private HandoverRead(int fd) {
        this.fd = fd;
    }

    /** Starts reading descriptor {@code fd} (it is closed once read). */
    public static HandoverRead start(int fd) {
        HandoverRead r = new HandoverRead(fd);
        Thread t = new Thread(r::read, "pdsupd-handover-read");
        t.setDaemon(true);
        t.start();
        return r;
    }

    private void read() {
        long t0 = System.nanoTime();
        HandoverState s;
        try {
            s = HandoverCodec.decode(ProcessReplacement.readAllAndClose(fd));
        } catch (HandoverException | RuntimeException e) {
            nanos = System.nanoTime() - t0;
            inherited.complete(Map.of());
            state.completeExceptionally(e);
            return;
        }
        nanos = System.nanoTime() - t0;
        state.complete(s);
        long t1 = System.nanoTime();
        Map<String, ProcessDescriptor> taken = new HashMap<>();
        try {
            ProcessDescriptors procdesc = ProcessDescriptors.system();
            for (HandoverState.ServiceRecord r : s.services()) {
                HandoverState.ProcessRecord p = r.process();
                if (p == null) continue;
                try {
                    taken.put(r.name(), procdesc.inherit(p.fd(), p.pid(), p.daemon(), p.adopted(), p.startTime()));
                } catch (RuntimeException e) {
                    // the take-over tries again on the supervisor thread, and says why it cannot
                }
            }
        } catch (RuntimeException e) {
            // no backend: pdsupd's start says so; the take-over inherits nothing from here
        } finally {
            inheritNanos = System.nanoTime() - t1;
            inherited.complete(taken);
        }
    }

    /** Waits for the state; a {@link HandoverException} says why it cannot be had. */
    public HandoverState await() throws HandoverException {
        try {
            return state.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandoverException("interrupted while reading the handover on descriptor " + fd, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof HandoverException h ? h : new HandoverException(String.valueOf(c.getMessage()), c);
        }
    }

    /** How long reading and decoding took (once {@link #await} has returned). */
    public long millis() {
        return nanos / 1_000_000;
    }

    /**
     * Waits for the handed-over process descriptors, by service name: those that name their recorded PID. Empty
     * when the handover could not be read.
     */
    public Map<String, ProcessDescriptor> inherited() {
        return inherited.join();
    }

    /** How long taking the process descriptors took (once {@link #inherited} has returned). */
    public long inheritMillis() {
        return inheritNanos / 1_000_000;
    }
}
