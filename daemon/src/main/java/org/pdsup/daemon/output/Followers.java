package org.pdsup.daemon.output;

import java.util.ArrayList;
import java.util.List;

/** The {@code logs -f} subscriptions of one service name; writer thread only. */
final class Followers implements LinePublisher {
    private final List<TailSubscription> subscriptions = new ArrayList<>();

    void add(TailSubscription s) {
        subscriptions.add(s);
    }

    void remove(TailSubscription s) {
        subscriptions.remove(s);
    }

    boolean isEmpty() {
        return subscriptions.isEmpty();
    }

    @Override
    public boolean wantsLines() {
        return !subscriptions.isEmpty();
    }

    @Override
    public void publish(StreamKind stream, byte[] data, int off, int len) {
        for (int i = 0; i < subscriptions.size(); i++) subscriptions.get(i).offer(stream, data, off, len);
    }

    /** Ends every subscription after what it has queued. */
    void finishAll() {
        for (TailSubscription s : new ArrayList<>(subscriptions)) s.finish();
        subscriptions.clear();
    }
}
