package org.pdsup.daemon.reexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pdsup.daemon.output.HandedOverStream;
import org.pdsup.daemon.output.StreamKind;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.daemon.supervisor.HandoverState.HealthRecord;
import org.pdsup.daemon.supervisor.HandoverState.HeldSocketRecord;
import org.pdsup.daemon.supervisor.HandoverState.ProcessRecord;
import org.pdsup.daemon.supervisor.HandoverState.ServiceRecord;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;

/** The handover format: what goes in comes out, and every kind of damage is refused with its reason. */
class HandoverCodecTest {

    private static HandoverState sample() {
        Instant t = Instant.parse("2026-12-07T03:00:00.123456789Z");
        RunSummary run = new RunSummary(41, t, t.plusSeconds(2), "exit 3", 3, null, false, 0.25, 0.5, 4096);
        Map<String, Long> exits = new LinkedHashMap<>();
        exits.put("exit 3", 7L);
        exits.put("signal KILL", 1L);
        ServiceRecord running = new ServiceRecord("web", "RUNNING", "ready (started)", t, true,
                new ProcessRecord(4242, 17, false, false, t, true, t.plusMillis(5), List.of(
                        new HandedOverStream(StreamKind.STDOUT, 18, "half a li".getBytes(StandardCharsets.UTF_8)),
                        new HandedOverStream(StreamKind.STDERR, 19, new byte[0]))),
                false, 12, 1, exits, 1.5, 0.75, run, "cannot start: no such file", 4,
                List.of(t, t.plusSeconds(1)), -1,
                List.of(new HeldSocketRecord("tcp:127.0.0.1:8080", 20), new HeldSocketRecord("unix:/run/web.sock", 21)),
                new HealthRecord("HEALTHY", 2, 40, 5));
        ServiceRecord backoff = new ServiceRecord("crashy", "BACKOFF", null, t, true, null, false, 3, 0, Map.of(),
                0, 0, null, null, 2, List.of(), 350_000_000L);
        SupervisorEvent e = new SupervisorEvent(99, t, "web", ServiceState.STARTING, ServiceState.RUNNING, "ready",
                4242, null);
        SupervisorEvent ex = new SupervisorEvent(100, t, "crashy", ServiceState.RUNNING, ServiceState.BACKOFF, null,
                41, run);
        return new HandoverState(t, 101, List.of(e, ex), List.of(running, backoff),
                List.of(new HandoverState.ListenerRecord("metrics", "127.0.0.1:9100", 22)));
    }

    @Test
    void whatIsEncodedDecodesToTheSameState() throws Exception {
        HandoverState s = sample();
        HandoverState back = HandoverCodec.decode(HandoverCodec.encode(s));
        assertThat(back.takenAt()).isEqualTo(s.takenAt());
        assertThat(back.nextEventSeq()).isEqualTo(101);
        assertThat(back.events()).isEqualTo(s.events());
        assertThat(back.services()).hasSize(2);
        ServiceRecord web = back.services().get(0);
        ServiceRecord expected = s.services().get(0);
        // records with arrays compare by identity: compare the partial lines by content, the rest as records
        assertThat(web.process().output()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(web.process().output().get(i).kind()).isEqualTo(expected.process().output().get(i).kind());
            assertThat(web.process().output().get(i).fd()).isEqualTo(expected.process().output().get(i).fd());
            assertThat(web.process().output().get(i).partialLine())
                    .isEqualTo(expected.process().output().get(i).partialLine());
        }
        assertThat(web).usingRecursiveComparison().ignoringFields("process.output").isEqualTo(expected);
        assertThat(back.services().get(1)).isEqualTo(s.services().get(1));
        assertThat(back.descriptors()).containsExactly(17, 18, 19, 20, 21, 22);
        assertThat(back.listeners()).isEqualTo(s.listeners());
        assertThat(web.sockets()).isEqualTo(expected.sockets());
        assertThat(web.health()).isEqualTo(new HealthRecord("HEALTHY", 2, 40, 5));
    }

    @Test
    void versionOneIsStillReadWithoutHeldSocketsOrHealthCounters() throws Exception {
        HandoverState s = sample();
        HandoverState back = HandoverCodec.decode(HandoverCodec.encode(s, 1));
        ServiceRecord web = back.services().get(0);
        assertThat(web.restarts()).isEqualTo(12);
        assertThat(web.backoffAttempt()).isEqualTo(4);
        assertThat(web.sockets()).isEmpty();
        assertThat(web.health()).isNull();
        assertThat(back.listeners()).isEmpty();
        assertThat(back.services().get(1)).isEqualTo(s.services().get(1));
    }

    @Test
    void anUnknownHealthStateIsMalformed() {
        HandoverState s = sample();
        ServiceRecord w = s.services().get(0);
        ServiceRecord bad = new ServiceRecord(w.name(), w.phase(), w.reason(), w.since(), w.wanted(), w.process(),
                w.spawnPending(), w.restarts(), w.spawnFailures(), w.exits(), w.userCpuSeconds(),
                w.systemCpuSeconds(), w.lastExit(), w.lastError(), w.backoffAttempt(), w.startLimitWindow(),
                w.timerNanos(), w.sockets(), new HealthRecord("SICKLY", 0, 0, 0));
        byte[] b = HandoverCodec.encode(new HandoverState(s.takenAt(), 1, List.of(), List.of(bad)));
        assertThatThrownBy(() -> HandoverCodec.decode(b)).isInstanceOf(HandoverException.class)
                .hasMessageContaining("malformed handover").hasMessageContaining("SICKLY");
    }

    @Test
    void anUnknownVersionIsRefusedNamingIt() {
        byte[] v3 = HandoverCodec.encode(sample(), 3);
        assertThatThrownBy(() -> HandoverCodec.decode(v3)).isInstanceOf(HandoverException.class)
                .hasMessage("unknown handover format version 3; this pdsupd reads versions 1 to 2");
        byte[] v0 = HandoverCodec.encode(sample(), 0);
        assertThatThrownBy(() -> HandoverCodec.decode(v0)).isInstanceOf(HandoverException.class)
                .hasMessage("unknown handover format version 0; this pdsupd reads versions 1 to 2");
    }

    @Test
    void aDamagedByteIsCaughtByTheChecksum() {
        byte[] b = HandoverCodec.encode(sample());
        b[b.length / 2] ^= 0x40;
        assertThatThrownBy(() -> HandoverCodec.decode(b)).isInstanceOf(HandoverException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aTruncatedHandoverIsRefused() {
        byte[] b = HandoverCodec.encode(sample());
        byte[] cut = Arrays.copyOf(b, b.length - 40);
        assertThatThrownBy(() -> HandoverCodec.decode(cut)).isInstanceOf(HandoverException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void somethingElseIsNotTakenForAHandover() {
        assertThatThrownBy(() -> HandoverCodec.decode("{\"op\":\"hello\"}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(HandoverException.class).hasMessageContaining("not a pdsup handover");
        assertThatThrownBy(() -> HandoverCodec.decode(new byte[0])).isInstanceOf(HandoverException.class)
                .hasMessageContaining("not a pdsup handover");
    }
}
