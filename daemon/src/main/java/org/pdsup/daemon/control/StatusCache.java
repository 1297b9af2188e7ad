package org.pdsup.daemon.control;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.pdsup.daemon.supervisor.ServiceSnapshot;
import org.pdsup.protocol.json.JsonWriter;
import org.pdsup.protocol.json.RawJson;

/**
 * The encoded JSON of each service's status ({@link WireMapper#status}), kept while it stays the same, so that
 * a {@code status} of 500 services asked four times a second by fifty pollers copies bytes instead of encoding
 * 100,000 statuses a second (issue 20: the answers held up every other request on their loop).
 *
 * <p>A status is a function of the published {@link ServiceSnapshot} (immutable) and of {@code now} through
 * exactly three numbers: {@code uptime_seconds}, {@code since_seconds} and the health check's
 * {@code last_check_seconds} ({@link WireMapper#uptimeSeconds} and its neighbours). An entry holds the snapshot
 * it was encoded from and those three numbers; it serves a request only when the service's snapshot is the same
 * object and the numbers computed for this request's {@code now} are equal, so its bytes are what a fresh
 * encode would give. So each service is encoded again at most when it changes and when one of its second
 * counters ticks (about once a second), not once per request.
 *
 * <p>One entry per service name, replaced as snapshots change; entries of services that are gone are dropped
 * when the cache holds more names than the configuration ({@link #retainOnly}). Any thread: the requests' and
 * the admins' loops both answer {@code status}; a race encodes the same bytes twice.
 */
final class StatusCache {
    private static final JsonWriter WRITER = new JsonWriter();

    private record Entry(ServiceSnapshot snapshot, long uptime, long since, long checkAgo, RawJson json) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The JSON of {@code WireMapper.status(s, now).toJson()}, from the cache when it is still exact. */
    RawJson status(ServiceSnapshot s, Instant now) {
        long uptime = WireMapper.uptimeSeconds(s, now);
        long since = WireMapper.sinceSeconds(s, now);
        long checkAgo = WireMapper.checkAgoSeconds(s.health(), now);
        Entry e = entries.get(s.name());
        if (e != null && e.snapshot == s && e.uptime == uptime && e.since == since && e.checkAgo == checkAgo) {
            return e.json;
        }
        RawJson json = new RawJson(WRITER.toJson(WireMapper.status(s, now).toJson()));
        entries.put(s.name(), new Entry(s, uptime, since, checkAgo, json));
        return json;
    }

    /** Drops the entries of services not in {@code current} once there are more entries than it has names. */
    void retainOnly(Map<String, ServiceSnapshot> current) {
        if (entries.size() > current.size()) entries.keySet().retainAll(current.keySet());
    }

    /** Services held now, for tests. */
    int size() {
        return entries.size();
    }
}
