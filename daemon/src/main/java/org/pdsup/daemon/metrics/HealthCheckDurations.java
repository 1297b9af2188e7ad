package org.pdsup.daemon.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pdsup_service_health_check_duration_seconds}: how long each service's liveness checks took, as a histogram
 * per service, fed as checks end ({@link #record}, supervisor thread) and read at scrape time. Only services with
 * a check have one; a removed service's is dropped with the next {@link #retain}.
 */
final class HealthCheckDurations {
    /** Upper bounds of the buckets, in seconds (+Inf is implied). */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    /** One service's histogram; its methods are synchronized (one writer, scrapes read). */
    static final class Histogram {
        private final long[] counts = new long[BUCKETS.length];
        private long count;
        private double sum;

        synchronized void record(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i]++;
                    break;
                }
            }
            count++;
            sum += seconds;
        }

        /** Cumulative bucket counts (one per bound, then +Inf), the sum and the count, read at once. */
        synchronized Reading read() {
            long[] cumulative = new long[BUCKETS.length];
            long running = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                running += counts[i];
                cumulative[i] = running;
            }
            return new Reading(cumulative, count, sum);
        }
    }

    record Reading(long[] cumulative, long count, double sum) {}

    private final Map<String, Histogram> services = new ConcurrentHashMap<>();

    void record(String service, double seconds) {
        services.computeIfAbsent(service, s -> new Histogram()).record(seconds);
    }

    /** The histogram of {@code service}, or null when it has had no check. */
    Histogram of(String service) {
        return services.get(service);
    }

    /** Keeps the histograms of {@code names} only (the configured services). */
    void retain(Set<String> names) {
        services.keySet().retainAll(names);
    }
}
