package org.pdsup.daemon.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames rotated files into place ({@code NAME.1} newest … {@code NAME.keep}) off the writer thread.
 *
 * <p>Rotating a file means shifting every older one up by one: {@code keep} renames, which cost 20-100 us each
 * on the file systems measured, too much to do on the writer at many rotations a second. So the writer only
 * renames the full file aside to {@code NAME.rotating.SEQ} (one rename) and starts a new file; a background
 * thread then shifts the older files once for all the files set aside meanwhile and gives those their numbers.
 * It does so once {@code keep / 8} files (at least one) are aside, so with {@code keep} up to 15 every
 * rotation is numbered at once, and a flood rotating every few milliseconds with a large {@code keep} costs
 * about 8 renames per rotation instead of {@code keep}; files still aside are numbered when the service is
 * removed and at shutdown. A crash in between leaves {@code .rotating.SEQ} files, which the next rotation of
 * that file puts in place.
 * {@link #underLock} lets a reader see a consistent set of names.
 */
final class Rotations implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rotations.class);
    static final String ASIDE = ".rotating.";

    private static final class State {
        final Object lock = new Object();
        volatile int keep;
        /** Files set aside, oldest first; the writer adds, the settler takes. */
        final ConcurrentLinkedDeque<Path> aside = new ConcurrentLinkedDeque<>();
        volatile boolean leftoversChecked;
        boolean failing;
    }

    private final Map<Path, State> states = new ConcurrentHashMap<>();
    /** Increasing across restarts too, so names set aside sort in rotation order. */
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdsupd-log-rotation");
        t.setDaemon(true);
        return t;
    });

    /**
     * Writer thread, after closing {@code current}: sets it aside (or deletes it when {@code keep} is 0) and
     * schedules the shift.
     *
     * @throws IOException if the file cannot be renamed (it is then written on)
     */
    void rotate(Path current, int keep) throws IOException {
        if (keep == 0) {
            Files.deleteIfExists(current);
            return;
        }
        State st = state(current);
        if (!st.leftoversChecked) {
            st.leftoversChecked = true;
            st.aside.addAll(leftovers(current));
        }
        Path aside = current.resolveSibling(current.getFileName() + ASIDE + seq.incrementAndGet());
        Files.move(current, aside, StandardCopyOption.ATOMIC_MOVE);
        st.keep = keep;
        st.aside.add(aside);
        if (st.aside.size() >= Math.max(1, keep / 8)) schedule(current, st);
    }

    /** Numbers every file set aside (service removed, shutdown, tests). */
    void settleAll() {
        for (Map.Entry<Path, State> e : states.entrySet()) {
            if (!e.getValue().aside.isEmpty()) schedule(e.getKey(), e.getValue());
        }
    }

    private void schedule(Path current, State st) {
        try {
            thread.execute(() -> settle(current, st));
        } catch (RejectedExecutionException e) {
            settle(current, st);
        }
    }

    /**
     * Runs {@code action} with the names of {@code current}'s rotated files fixed, and gives it the files set
     * aside but not yet numbered, newest first (they come between the current file and {@code .1}).
     */
    <T> T underLock(Path current, java.util.function.Function<List<Path>, T> action) {
        State st = state(current);
        synchronized (st.lock) {
            List<Path> aside = new ArrayList<>(st.aside);
            java.util.Collections.reverse(aside);
            return action.apply(aside);
        }
    }

    private State state(Path current) {
        return states.computeIfAbsent(current.toAbsolutePath().normalize(), p -> new State());
    }

    private void settle(Path current, State st) {
        int keep = st.keep;
        synchronized (st.lock) {
            List<Path> batch = new ArrayList<>();
            for (Path p = st.aside.poll(); p != null; p = st.aside.poll()) batch.add(p);
            if (batch.isEmpty()) return;
            int k = batch.size();
            try {
                removeForeign(current, keep);
                int existing = 0;
                while (existing < keep
                        && Files.exists(RotatingLogFile.rotated(current, existing + 1), LinkOption.NOFOLLOW_LINKS)) {
                    existing++;
                }
                int shift = Math.min(existing, Math.max(0, keep - k));
                for (int i = existing; i > shift; i--) Files.deleteIfExists(RotatingLogFile.rotated(current, i));
                for (int i = shift; i >= 1; i--) {
                    Files.move(RotatingLogFile.rotated(current, i), RotatingLogFile.rotated(current, i + k),
                            StandardCopyOption.ATOMIC_MOVE);
                }
                for (int j = 0; j < k; j++) {
                    Path p = batch.get(k - 1 - j);
                    if (j < keep) {
                        Files.move(p, RotatingLogFile.rotated(current, j + 1), StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.deleteIfExists(p);
                    }
                }
                if (st.failing) {
                    st.failing = false;
                    log.info("rotated files of {} are in place again", current);
                }
            } catch (IOException e) {
                if (!st.failing) {
                    st.failing = true;
                    log.warn("cannot put rotated files of {} in place: {}", current, e.toString());
                }
            }
        }
    }

    /**
     * Removes what is not a plain file among the numbered names (a symbolic link planted there would otherwise
     * be shifted along, and shown to whoever reads the rotated files). unlink(2) removes the link, not its target.
     */
    private static void removeForeign(Path current, int keep) throws IOException {
        for (int i = 1; i <= keep + 1; i++) {
            Path p = RotatingLogFile.rotated(current, i);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                log.warn("{} is not a plain file (a link?); removing it, not rotating into it", p);
                Files.delete(p);
            }
        }
    }

    /** {@code .rotating.SEQ} files a crash left behind, oldest first (plain files only). */
    private static List<Path> leftovers(Path current) {
        List<Path> found = new ArrayList<>();
        String prefix = current.getFileName() + ASIDE;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(current.getParent(), prefix + "*")) {
            for (Path p : ds) {
                String tail = p.getFileName().toString().substring(prefix.length());
                if (!tail.isEmpty() && tail.chars().allMatch(Character::isDigit)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            log.debug("looking for rotated files left aside next to {}: {}", current, e.toString());
        }
        found.sort(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(prefix.length()))));
        return found;
    }

    /** Numbers everything aside and waits until that is done (tests). */
    void awaitSettled() throws InterruptedException {
        settleAll();
        awaitScheduled();
    }

    /** Waits until the shifts scheduled so far are done, without scheduling more (tests). */
    void awaitScheduled() throws InterruptedException {
        try {
            thread.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException | RejectedExecutionException e) {
            // nothing is pending when the thread is gone
        }
    }

    /** Numbers what is aside and finishes (bounded wait). */
    @Override
    public void close() {
        settleAll();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
