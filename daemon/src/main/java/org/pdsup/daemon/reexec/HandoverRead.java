package org.pdsup.daemon.reexec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.procdesc.ProcessReplacement;

/**
 * The new program's reading of a live re-exec's handover ({@code --take-over=FD}): read and decoded on a thread
 * of its own, started before the configuration loads, so that the two overlap (docs/architecture.md, "Live
 * re-exec", step 10). {@link #await} gives the state, or the reason it could not be read.
 */
public final class HandoverRead {
    private final int fd;
    private final CompletableFuture<HandoverState> state = new CompletableFuture<>();
    private volatile long nanos;

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
            state.completeExceptionally(e);
            return;
        }
        nanos = System.nanoTime() - t0;
        state.complete(s);
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
}
