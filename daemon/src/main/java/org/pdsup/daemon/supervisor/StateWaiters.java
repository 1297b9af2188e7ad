package org.pdsup.daemon.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/** The pending {@code wait}s: each completes when its service enters one of its states, or times out. */
final class StateWaiters {
    private final SupervisorLoop loop;
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String service, Set<ServiceState> states, CompletableFuture<ServiceSnapshot> future,
                          ScheduledFuture<?> timeout) {}

    StateWaiters(SupervisorLoop loop) {
        this.loop = loop;
    }

    /** Waits for {@code svc}, which is in none of {@code states} now; fails with a timeout after {@code timeout}. */
    void add(Service svc, Set<ServiceState> states, Duration timeout, CompletableFuture<ServiceSnapshot> f) {
        loop.assertInLoop();
        Waiter[] holder = new Waiter[1];
        ScheduledFuture<?> t = loop.schedule(timeout, () -> {
            waiters.remove(holder[0]);
            f.completeExceptionally(new TimeoutException(svc.name + " did not reach "
                    + states.stream().map(ServiceState::wireName).sorted().toList() + " within "
                    + Durations.format(timeout) + " (it is " + svc.state().wireName() + waiting(svc) + ")"));
        });
        holder[0] = new Waiter(svc.name, states, f, t);
        waiters.add(holder[0]);
    }

    private static String waiting(Service svc) {
        String w = Snapshots.waitingFor(svc);
        return w == null ? "" : ", waiting for " + w;
    }

    /** {@code svc} entered {@code to}: completes the waits that asked for it with {@code snapshot}. */
    void entered(Service svc, ServiceState to, java.util.function.Supplier<ServiceSnapshot> snapshot) {
        if (waiters.isEmpty()) return;
        for (Waiter w : List.copyOf(waiters)) {
            if (w.service().equals(svc.name) && w.states().contains(to)) {
                waiters.remove(w);
                w.timeout().cancel(false);
                w.future().complete(snapshot.get());
            }
        }
    }
}
