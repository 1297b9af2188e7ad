package org.pdsup.procdesc.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.ffi.LibraryLoader;

/**
 * Linux: fields of {@code /proc/PID/stat} (proc(5), {@code do_task_stat} in {@code fs/proc/array.c}) counted
 * from the last {@code ')'}: {@code (3) state} (Z: zombie), {@code (5) pgrp}, {@code (6) session}, {@code (22) starttime} in clock ticks after
 * boot; the wall-clock start is {@code btime} of {@code /proc/stat} plus starttime / {@code _SC_CLK_TCK}, the
 * same computation as the Linux process-descriptor backend's, so recorded start times compare exactly.
 */
final class LinuxProcessTable implements ProcessTable {
    static final int FIELD_PGRP = 5;
    static final int FIELD_SESSION = 6;
    static final int FIELD_STARTTIME = 22;

    private final Path procRoot;
    private final String procRootText;
    private final long hz;
    private final Instant bootTime;

    private final LinuxStatsLibc libc;

    LinuxProcessTable(Path procRoot, long hz, Instant bootTime) {
        this(procRoot, hz, bootTime, null);
    }

    LinuxProcessTable(Path procRoot, long hz, Instant bootTime, LinuxStatsLibc libc) {
        this.procRoot = procRoot;
        this.procRootText = procRoot.toString();
        this.hz = hz;
        this.bootTime = bootTime;
        this.libc = libc;
    }

    /** {@code kill(-pgid, 0)}: 0 or EPERM when a member exists, ESRCH when none does (kill(2)). */
    @Override
    public boolean groupHasMembers(int pgid) {
        if (libc == null || pgid <= 1) return true;
        if (libc.kill(-pgid, 0) == 0) return true;
        return jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime()) != ESRCH;
    }

    /** {@code ESRCH} of Linux {@code asm-generic/errno-base.h}. */
    static final int ESRCH = 3;

    private static final class Holder {
        static final LinuxProcessTable INSTANCE = create();
    }

    static LinuxProcessTable system() {
        return Holder.INSTANCE;
    }

    private static LinuxProcessTable create() {
        LinuxStatsLibc libc = LibraryLoader.create(LinuxStatsLibc.class).load("c");
        long hz = libc.sysconf(LinuxStatsLibc.SC_CLK_TCK);
        return new LinuxProcessTable(Path.of("/proc"), hz > 0 ? hz : 100, bootTime(Path.of("/proc/stat")), libc);
    }

    static Instant bootTime(Path procStat) {
        try {
            for (String line : Files.readAllLines(procStat)) {
                if (line.startsWith("btime ")) return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + procStat + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(procStat + " has no btime line");
    }

    @Override
    public boolean supported() {
        return true;
    }

    @Override
    public Optional<ProcessIdentity> identity(int pid) {
        byte[] buf = StatFields.buffer();
        int length = StatFields.read(procRootText, pid, buf);
        if (length < 0) return Optional.empty(); // no such process, or it exited while we read
        return Optional.of(parse(pid, buf, length));
    }

    /** {@code /proc/PID/environ} (proc(5)): the initial environment, NUL-separated. */
    @Override
    public Optional<List<String>> environment(int pid) {
        return nulSeparated(pid, "environ");
    }

    /** {@code /proc/PID/cmdline} (proc(5)): the argument vector, NUL-separated. */
    @Override
    public Optional<List<String>> commandLine(int pid) {
        return nulSeparated(pid, "cmdline");
    }

    /** At most this much of either file is read: a record check needs a few entries, not a hostile megabyte. */
    static final int MAX_VECTOR_BYTES = 256 * 1024;

    private Optional<List<String>> nulSeparated(int pid, String file) {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(procRoot.resolve(Integer.toString(pid)).resolve(file))) {
            bytes = in.readNBytes(MAX_VECTOR_BYTES);
        } catch (IOException e) {
            return Optional.empty(); // gone, or not ours to read
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) out.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        return Optional.of(out);
    }

    @Override
    public List<ProcessIdentity> all() {
        List<ProcessIdentity> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) continue;
                identity(Integer.parseInt(name)).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + procRoot + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public Duration startTimeResolution() {
        return Duration.ofNanos(1_000_000_000L / hz);
    }

    ProcessIdentity parse(int pid, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(pid, b, b.length);
    }

    /** The fields of one stat line, the first {@code length} bytes of {@code buf} ({@link StatFields}). */
    ProcessIdentity parse(int pid, byte[] buf, int length) {
        int pgrp = (int) StatFields.number(buf, length, FIELD_PGRP);
        int session = (int) StatFields.number(buf, length, FIELD_SESSION);
        long start = StatFields.number(buf, length, FIELD_STARTTIME);
        char state = StatFields.character(buf, length, 3);
        boolean zombie = state == 'Z' || state == 'X';
        return new ProcessIdentity(pid, pgrp, session, bootTime.plusNanos(start * (1_000_000_000L / hz)), zombie);
    }
}
