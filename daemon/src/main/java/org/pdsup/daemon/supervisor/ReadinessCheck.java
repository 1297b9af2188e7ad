package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;

import org.pdsup.config.Readiness;
import org.pdsup.daemon.supervisor.probe.Probe;
import org.pdsup.daemon.supervisor.probe.TcpProbe;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.Pipe;

/**
 * Watches one run for its readiness rule ({@code ready.mode}) and reports the outcome to the supervisor
 * thread exactly once: {@code started} at once, {@code delay} when still alive after the delay,
 * {@code notify-fd} when the service writes a newline to its descriptor (s6's convention), {@code tcp} when
 * the port accepts a connection, {@code exec} when the command exits 0. A {@code timeout} ends the wait as a
 * failed start.
 *
 * <p>The {@code tcp} and {@code exec} rules are the places that retry on a timer (100 ms after each result):
 * the kernel has no way to tell another process when a port starts listening. They run the probes of the
 * liveness check ({@link HealthCheck}: {@link TcpProbe}, {@link org.pdsup.daemon.supervisor.probe.ExecProbe}),
 * one at a time: the next is scheduled after the previous result arrived.
 */
final class ReadinessCheck {
    interface Outcome {
        void ready();

        void notReady(String why);
    }

    private static final Duration TCP_RETRY = Duration.ofMillis(100);
    private static final Duration TCP_CONNECT_TIMEOUT = Duration.ofMillis(250);
    private static final Duration EXEC_RETRY = Duration.ofMillis(100);

    private final SupervisorLoop loop;
    private final ExitWatcher watcher;
    private final ExecutorService probes;
    private final Readiness rule;
    private final Outcome outcome;
    private final Pipe notifyPipe;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> pending;
    private Probe tcpProbe;
    /** {@code ready.mode = exec}: the command's probe (given by the caller), else null. */
    private final Probe execProbe;
    private boolean done;
    private volatile boolean cancelled;

    private ReadinessCheck(SupervisorLoop loop, ExitWatcher watcher, ExecutorService probes, Readiness rule,
                           Pipe notifyPipe, Probe execProbe, Outcome outcome) {
        this.execProbe = execProbe;
        this.loop = loop;
        this.watcher = watcher;
        this.probes = probes;
        this.rule = rule;
        this.notifyPipe = notifyPipe;
        this.outcome = outcome;
    }

    /**
     * Begins the check for a run that has just been spawned. {@code notifyPipe} is the pipe whose write end
     * the child got (notify-fd mode; the parent's write end must already be closed), else null.
     */
    static ReadinessCheck begin(SupervisorLoop loop, ExitWatcher watcher, ExecutorService probes, Readiness rule,
                                Pipe notifyPipe, Probe execProbe, Outcome outcome) {
        ReadinessCheck check = new ReadinessCheck(loop, watcher, probes, rule, notifyPipe, execProbe, outcome);
        check.start();
        return check;
    }

    private void start() {
        switch (rule.mode()) {
            case STARTED -> finish(true, null);
            case DELAY -> pending = loop.schedule(rule.delay(), () -> finish(true, null));
            case NOTIFY_FD -> {
                armTimeout();
                Fds.setNonBlocking(notifyPipe.readFd());
                watcher.watchReadable(notifyPipe.readFd(), this::notifyReadable);
            }
            case TCP -> {
                armTimeout();
                probeTcp();
            }
            case EXEC -> {
                armTimeout();
                probe(execProbe, EXEC_RETRY);
            }
        }
    }

    private void armTimeout() {
        timeout = loop.schedule(rule.timeout(), () -> finish(false,
                "not ready within " + Durations.format(rule.timeout()) + " (ready.mode = "
                        + rule.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")"));
    }

    /** On the kernel-event thread: read what the service wrote; a newline means ready. */
    private void notifyReadable(int fd) {
        byte[] buf = new byte[512];
        boolean newline = false;
        boolean eof = false;
        while (true) {
            int n = Fds.read(fd, buf, 0, buf.length);
            if (n > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') newline = true;
                }
                continue;
            }
            eof = n < 0;
            break;
        }
        if (newline || eof) {
            watcher.unwatchFd(fd);
            boolean ready = newline;
            loop.post(() -> {
                if (ready) {
                    finish(true, null);
                }
                // EOF without a newline: the service closed its descriptor; the timeout decides.
            });
        }
    }

    private void probeTcp() {
        if (tcpProbe == null) tcpProbe = new TcpProbe(rule.host(), rule.port(), TCP_CONNECT_TIMEOUT);
        probe(tcpProbe, TCP_RETRY);
    }

    /** Runs {@code probe} on a probe thread; ready when it passes, else again {@code retry} after its result. */
    private void probe(Probe probe, Duration retry) {
        if (cancelled) return;
        probes.execute(() -> {
            boolean result = probe.run().passed();
            loop.post(() -> {
                if (done) return;
                if (result) {
                    finish(true, null);
                } else {
                    pending = loop.schedule(retry, () -> probe(probe, retry));
                }
            });
        });
    }

    private void finish(boolean ready, String why) {
        if (done) return;
        done = true;
        release();
        if (ready) outcome.ready();
        else outcome.notReady(why);
    }

    /** The run ended or is being stopped: no outcome will be reported. Idempotent. */
    void cancel() {
        done = true;
        release();
    }

    private void release() {
        if (cancelled) return;
        cancelled = true;
        if (timeout != null) timeout.cancel(false);
        if (pending != null) pending.cancel(false);
        if (notifyPipe != null) {
            watcher.unwatchFd(notifyPipe.readFd());
            Fds.close(notifyPipe.readFd());
        }
    }
}
