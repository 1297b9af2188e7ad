package org.pdsup.daemon.reexec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.pdsup.daemon.output.HandedOverStream;
import org.pdsup.daemon.output.StreamKind;
import org.pdsup.daemon.supervisor.HandoverState;
import org.pdsup.daemon.supervisor.HandoverState.HealthRecord;
import org.pdsup.daemon.supervisor.HandoverState.HeldSocketRecord;
import org.pdsup.daemon.supervisor.HandoverState.ListenerRecord;
import org.pdsup.daemon.supervisor.HandoverState.ProcessRecord;
import org.pdsup.daemon.supervisor.HandoverState.ServiceRecord;
import org.pdsup.daemon.supervisor.HealthState;
import org.pdsup.daemon.supervisor.RunSummary;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.daemon.supervisor.SupervisorEvent;

/**
 * The byte format of a live re-exec's {@link HandoverState} (docs/architecture.md, "Handover format"): the magic
 * line {@code "pdsup-handover\n"}, a big-endian u32 format version ({@link #VERSION} written, back to
 * {@link #OLDEST_READ} read), the body in
 * {@link DataOutputStream} encoding, and a u32 CRC-32 of everything before it. Strings are a u32 byte length and
 * UTF-8; an optional value is a boolean then the value; an instant is i64 seconds and i32 nanoseconds.
 */
public final class HandoverCodec {
    /** The version written. */
    public static final int VERSION = 2;
    /** The oldest version read: version 1 has no held sockets and no health counters. */
    public static final int OLDEST_READ = 1;
    static final byte[] MAGIC = "pdsup-handover\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_COUNT = 10_000_000;

    private HandoverCodec() {}

    public static byte[] encode(HandoverState s) {
        return encode(s, VERSION);
    }

    /** With another version number in the header: only for tests of the refusal. */
    static byte[] encode(HandoverState s, int version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(version);
            instant(out, s.takenAt());
            out.writeLong(s.nextEventSeq());
            out.writeInt(s.events().size());
            for (SupervisorEvent e : s.events()) {
                out.writeLong(e.seq());
                instant(out, e.time());
                string(out, e.service());
                string(out, e.from().name());
                string(out, e.to().name());
                optString(out, e.reason());
                out.writeInt(e.pid());
                run(out, e.exit());
            }
            out.writeInt(s.services().size());
            for (ServiceRecord r : s.services()) service(out, r, version);
            if (version >= 2) {
                out.writeInt(s.listeners().size());
                for (ListenerRecord l : s.listeners()) {
                    string(out, l.role());
                    string(out, l.address());
                    out.writeInt(l.fd());
                }
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void service(DataOutputStream out, ServiceRecord r, int version) throws IOException {
        string(out, r.name());
        string(out, r.phase());
        optString(out, r.reason());
        instant(out, r.since());
        out.writeBoolean(r.wanted());
        out.writeBoolean(r.process() != null);
        if (r.process() != null) {
            ProcessRecord p = r.process();
            out.writeInt(p.pid());
            out.writeInt(p.fd());
            out.writeBoolean(p.daemon());
            out.writeBoolean(p.adopted());
            instant(out, p.startTime());
            out.writeBoolean(p.ready());
            out.writeBoolean(p.runStartedAt() != null);
            if (p.runStartedAt() != null) instant(out, p.runStartedAt());
            out.writeInt(p.output().size());
            for (HandedOverStream h : p.output()) {
                string(out, h.kind().name());
                out.writeInt(h.fd());
                out.writeInt(h.partialLine().length);
                out.write(h.partialLine());
            }
        }
        out.writeBoolean(r.spawnPending());
        out.writeLong(r.restarts());
        out.writeLong(r.spawnFailures());
        out.writeInt(r.exits().size());
        for (Map.Entry<String, Long> e : r.exits().entrySet()) {
            string(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeDouble(r.userCpuSeconds());
        out.writeDouble(r.systemCpuSeconds());
        run(out, r.lastExit());
        optString(out, r.lastError());
        out.writeInt(r.backoffAttempt());
        out.writeInt(r.startLimitWindow().size());
        for (Instant i : r.startLimitWindow()) instant(out, i);
        out.writeLong(r.timerNanos());
        if (version < 2) return;
        out.writeInt(r.sockets().size());
        for (HeldSocketRecord h : r.sockets()) {
            string(out, h.listen());
            out.writeInt(h.fd());
        }
        out.writeBoolean(r.health() != null);
        if (r.health() != null) {
            string(out, r.health().state());
            out.writeInt(r.health().consecutiveFailures());
            out.writeLong(r.health().checks());
            out.writeLong(r.health().failures());
        }
    }

    /**
     * Reads a handover.
     *
     * @throws HandoverException saying what is wrong: not a handover, an unknown version, a checksum mismatch,
     *                           a truncated or malformed body
     */
    public static HandoverState decode(byte[] data) throws HandoverException {
        if (data.length < MAGIC.length + 8 || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new HandoverException("not a pdsup handover (" + data.length + " bytes, no pdsup-handover header)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version < OLDEST_READ || version > VERSION) {
                throw new HandoverException("unknown handover format version " + version + "; this pdsupd reads "
                        + "versions " + OLDEST_READ + " to " + VERSION);
            }
            CRC32 crc = new CRC32();
            crc.update(data, 0, data.length - 4);
            int stored = ((data[data.length - 4] & 0xff) << 24) | ((data[data.length - 3] & 0xff) << 16)
                    | ((data[data.length - 2] & 0xff) << 8) | (data[data.length - 1] & 0xff);
            if (stored != (int) crc.getValue()) {
                throw new HandoverException("handover checksum mismatch: the state was damaged in transit");
            }
            Instant takenAt = instant(in);
            long nextSeq = in.readLong();
            int n = count(in, "events");
            List<SupervisorEvent> events = new ArrayList<>(Math.min(n, 4096));
            for (int i = 0; i < n; i++) {
                events.add(new SupervisorEvent(in.readLong(), instant(in), string(in),
                        ServiceState.valueOf(string(in)), ServiceState.valueOf(string(in)), optString(in),
                        in.readInt(), run(in)));
            }
            int m = count(in, "services");
            List<ServiceRecord> services = new ArrayList<>(Math.min(m, 4096));
            for (int i = 0; i < m; i++) services.add(service(in, version));
            List<ListenerRecord> listeners = new ArrayList<>();
            if (version >= 2) {
                int nl = count(in, "listeners");
                for (int i = 0; i < nl; i++) listeners.add(new ListenerRecord(string(in), string(in), in.readInt()));
            }
            if (in.available() != 4) throw new HandoverException("handover has " + (in.available() - 4)
                    + " bytes after its last service");
            return new HandoverState(takenAt, nextSeq, events, services, listeners);
        } catch (EOFException e) {
            throw new HandoverException("handover is truncated");
        } catch (IOException | IllegalArgumentException e) {
            throw new HandoverException("malformed handover: " + e.getMessage());
        }
    }

    private static ServiceRecord service(DataInputStream in, int version) throws IOException, HandoverException {
        String name = string(in);
        String phase = string(in);
        String reason = optString(in);
        Instant since = instant(in);
        boolean wanted = in.readBoolean();
        ProcessRecord proc = null;
        if (in.readBoolean()) {
            int pid = in.readInt();
            int fd = in.readInt();
            boolean daemon = in.readBoolean();
            boolean adopted = in.readBoolean();
            Instant start = instant(in);
            boolean ready = in.readBoolean();
            Instant runStarted = in.readBoolean() ? instant(in) : null;
            int k = count(in, "output pipes");
            List<HandedOverStream> streams = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                StreamKind kind = StreamKind.valueOf(string(in));
                int sfd = in.readInt();
                byte[] partial = new byte[count(in, "partial line bytes")];
                in.readFully(partial);
                streams.add(new HandedOverStream(kind, sfd, partial));
            }
            proc = new ProcessRecord(pid, fd, daemon, adopted, start, ready, runStarted, streams);
        }
        boolean spawnPending = in.readBoolean();
        long restarts = in.readLong();
        long spawnFailures = in.readLong();
        int ne = count(in, "exit kinds");
        Map<String, Long> exits = new LinkedHashMap<>();
        for (int j = 0; j < ne; j++) exits.put(string(in), in.readLong());
        double user = in.readDouble();
        double sys = in.readDouble();
        RunSummary last = run(in);
        String lastError = optString(in);
        int attempt = in.readInt();
        int nw = count(in, "start-limit window");
        List<Instant> window = new ArrayList<>();
        for (int j = 0; j < nw; j++) window.add(instant(in));
        long timer = in.readLong();
        List<HeldSocketRecord> sockets = new ArrayList<>();
        HealthRecord health = null;
        if (version >= 2) {
            int ns = count(in, "held sockets");
            for (int j = 0; j < ns; j++) sockets.add(new HeldSocketRecord(string(in), in.readInt()));
            if (in.readBoolean()) {
                String state = string(in);
                HealthState.valueOf(state); // a name this program knows, or malformed
                health = new HealthRecord(state, in.readInt(), in.readLong(), in.readLong());
            }
        }
        return new ServiceRecord(name, phase, reason, since, wanted, proc, spawnPending, restarts, spawnFailures,
                exits, user, sys, last, lastError, attempt, window, timer, sockets, health);
    }

    private static void run(DataOutputStream out, RunSummary r) throws IOException {
        out.writeBoolean(r != null);
        if (r == null) return;
        out.writeInt(r.pid());
        optInstant(out, r.startedAt());
        optInstant(out, r.endedAt());
        optString(out, r.exit());
        out.writeInt(r.code());
        optString(out, r.signal());
        out.writeBoolean(r.coreDumped());
        out.writeDouble(r.userCpuSeconds());
        out.writeDouble(r.systemCpuSeconds());
        out.writeLong(r.maxRssBytes());
    }

    private static RunSummary run(DataInputStream in) throws IOException, HandoverException {
        if (!in.readBoolean()) return null;
        return new RunSummary(in.readInt(), optInstant(in), optInstant(in), optString(in), in.readInt(),
                optString(in), in.readBoolean(), in.readDouble(), in.readDouble(), in.readLong());
    }

    private static void instant(DataOutputStream out, Instant i) throws IOException {
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void optInstant(DataOutputStream out, Instant i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) instant(out, i);
    }

    private static Instant optInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? instant(in) : null;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException, HandoverException {
        byte[] b = new byte[count(in, "string bytes")];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void optString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) string(out, s);
    }

    private static String optString(DataInputStream in) throws IOException, HandoverException {
        return in.readBoolean() ? string(in) : null;
    }

    private static int count(DataInputStream in, String what) throws IOException, HandoverException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT || n > in.available()) {
            throw new HandoverException("malformed handover: " + n + " " + what);
        }
        return n;
    }
}
