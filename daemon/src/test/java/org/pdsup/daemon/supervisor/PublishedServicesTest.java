package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PublishedServicesTest {
    private static ServiceSnapshot snap(String name, long dropped) {
        return new ServiceSnapshot(name, ServiceState.RUNNING, true, 42, Instant.EPOCH, Instant.EPOCH, 0, 0, null,
                null, false, false, Map.of(), 0, 0, dropped);
    }

    @Test
    void behavesAsAnImmutableMapInConfigurationOrder() {
        var index = new PublishedServices.Index(List.of("web", "db", "cache"));
        var published = new PublishedServices(index,
                new ServiceSnapshot[] {snap("web", 0), snap("db", 0), snap("cache", 0)});
        Map<String, ServiceSnapshot> expected = new LinkedHashMap<>();
        expected.put("web", snap("web", 0));
        expected.put("db", snap("db", 0));
        expected.put("cache", snap("cache", 0));

        assertThat(published).isEqualTo(expected);
        assertThat(published.keySet()).containsExactly("web", "db", "cache");
        assertThat(published.get("db")).isEqualTo(snap("db", 0));
        assertThat(published.get("nope")).isNull();
        assertThat(published.containsKey("cache")).isTrue();
        assertThat(published.containsKey("nope")).isFalse();
        assertThatThrownBy(() -> published.put("x", snap("x", 0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> published.entrySet().iterator().next().setValue(snap("web", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new PublishedServices(index, new ServiceSnapshot[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void liveDroppedCountersCopyOnlyWhenSomethingMoved() {
        var index = new PublishedServices.Index(List.of("a", "b"));
        var published = new PublishedServices(index, new ServiceSnapshot[] {snap("a", 5), snap("b", 0)});

        assertThat(published.withOutputDroppedBytes(n -> n.equals("a") ? 5 : 0)).isSameAs(published);
        var moved = published.withOutputDroppedBytes(n -> n.equals("b") ? 7 : 5);
        assertThat(moved.get("b").outputDroppedBytes()).isEqualTo(7);
        assertThat(moved.get("a")).isSameAs(published.get("a"));
        assertThat(published.get("b").outputDroppedBytes()).as("the published one is untouched").isZero();
    }

    @Test
    void aChangeCopiesOnlyItsChunkAndKeepsEveryOtherSnapshot() {
        int n = 3 * PublishedServices.CHUNK + 7;
        List<String> names = new java.util.ArrayList<>();
        ServiceSnapshot[] values = new ServiceSnapshot[n];
        for (int i = 0; i < n; i++) {
            names.add("s" + i);
            values[i] = snap("s" + i, 0);
        }
        var published = new PublishedServices(new PublishedServices.Index(names), values);
        int last = n - 1;
        int[] at = {0, PublishedServices.CHUNK - 1, PublishedServices.CHUNK, last};
        ServiceSnapshot[] changed = new ServiceSnapshot[at.length];
        for (int k = 0; k < at.length; k++) changed[k] = snap("s" + at[k], 100 + k);
        var next = published.with(at, changed, at.length);

        assertThat(next.keySet()).containsExactlyElementsOf(names);
        for (int i = 0; i < n; i++) {
            int k = java.util.Arrays.binarySearch(at, i);
            if (k >= 0) {
                assertThat(next.get("s" + i).outputDroppedBytes()).as("s%d", i).isEqualTo(100 + k);
            } else {
                assertThat(next.get("s" + i)).as("s%d", i).isSameAs(values[i]);
            }
            assertThat(published.get("s" + i)).as("the earlier snapshot is untouched").isSameAs(values[i]);
        }
        assertThat(next.with(new int[] {5}, new ServiceSnapshot[] {snap("s5", 9)}, 1).get("s5").outputDroppedBytes())
                .isEqualTo(9);
        assertThat(next.get("s5")).isSameAs(values[5]);
    }

    @Test
    void exitLineSecondsMatchTheFormatTheyReplace() {
        for (double s : new double[] {0, 0.0004, 0.0005, 0.001, 0.0126, 0.999, 0.9996, 1, 12.3456, 3600.25}) {
            StringBuilder b = new StringBuilder();
            Durations.appendSeconds(b, s);
            assertThat(b.toString()).as("%s", s).isEqualTo(String.format(java.util.Locale.ROOT, "%.3fs", s));
        }
    }
}
