package org.pdsup.procdesc.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.Signal;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.StartedSpawn;
import org.pdsup.procdesc.posix.Posix;

/**
 * {@link SpawnMode#FORK_SERVER}: a spec becomes one request to the {@link ForkServer}. The descriptors the child
 * gets travel with the request — the redirects opened here, the passed ones, this JVM's own 0, 1 and 2 for an
 * inherited stdio, and one end of a close-on-exec status socket pair — with the exec helper's argv for the spec.
 * The reply brings the child's pidfd; then this side writes one byte 'G' on the status socket, which the child
 * waits for before its exec (so a child whose reply was lost never runs the service), and reads it to end of
 * file: first "P &lt;pid&gt;" (the child's first act), then nothing (exec done) or one "E ..." line.
 *
 * <p>The {@link ChildRegistry} read lock is held from before the request until the child is tracked, so the
 * orphan reaper cannot take the child meanwhile. Should the server fail during the exchange, the status socket
 * still names any child it made, which has not exec'd (no 'G'): it is killed and reaped, and the spawn is tried
 * once more with a new server.
 */
final class ForkServerSpawner {
    private ForkServerSpawner() {}

    static LinuxProcessDescriptor spawn(SpawnSpec spec) throws SpawnException {
        return begin(spec, false).finish();
    }

    /**
     * {@link org.pdsup.procdesc.ProcessDescriptors#startQuickly}: the exchange on the calling thread when the server
     * is already running and free and answers within {@link ForkServer#QUICK_REPLY_TIMEOUT_MILLIS}; null when it is
     * not running, busy with another exchange, the spec needs more descriptors than one request carries, or the
     * exchange broke (the server is then discarded, any child it made killed and reaped, and {@link #spawn}
     * starts a new one).
     */
    static Begun startQuickly(SpawnSpec spec) throws SpawnException {
        return begin(spec, true);
    }

    private static Begun begin(SpawnSpec spec, boolean quick) throws SpawnException {
        // a server running the configured helper needs no exec of it: its path is not looked up again per spawn
        Path helper = ForkServer.runningHelper();
        if (helper == null || !helper.equals(ExecHelper.configured())) {
            if (quick) return null;
            helper = ExecHelper.locate();
        }
        LinuxSpawner.checkEnvironment(spec); // the request carries spec.environment() itself: no "K=V" strings
        List<Integer> parentSide = new ArrayList<>();
        Lock lock = ChildRegistry.lock().readLock();
        lock.lock();
        try {
            List<PosixSpawn.Move> moves = LinuxSpawner.moves(spec, parentSide, true);
            if (moves.size() + 1 > ForkServer.MAX_FDS) {
                // more descriptors than one message carries: the helper's hand-off takes any number
                LinuxSpawner.closeAll(parentSide);
                parentSide.clear();
                if (quick) return null;
                return Begun.done(new LinuxSpawner(SpawnMode.HELPER_FORK).spawn(spec));
            }
            int statusSlot = spec.highestChildFd() + 1;
            List<String> argv = ExecHelper.arguments(helper, spec, new ExecHelper.Wiring(statusSlot, -1,
                    spec.daemon() ? 0 : LinuxSignals.number(Signal.KILL), ProcessHandle.current().pid()));
            String dir = spec.directory() == null ? null : spec.directory().toString();
            for (int attempt = 1; ; attempt++) {
                int[] status = LinuxSpawner.socketPair();
                boolean handedOn = false;
                try {
                    int[] fds = new int[moves.size() + 1];
                    int[] targets = new int[moves.size() + 1];
                    for (int i = 0; i < moves.size(); i++) {
                        fds[i] = moves.get(i).parentFd();
                        targets[i] = moves.get(i).childFd();
                    }
                    fds[moves.size()] = status[1];
                    targets[moves.size()] = statusSlot;
                    ForkServer.Reply reply;
                    try {
                        reply = quick ? ForkServer.exchangeIfFree(helper, argv, spec.environment(), dir, fds, targets)
                                : ForkServer.exchange(helper, argv, spec.environment(), dir, fds, targets);
                        if (reply == null) return null; // busy: the caller spawns the ordinary way
                    } catch (ForkServer.Broken broken) {
                        Posix.libc().close(status[1]);
                        status[1] = -1;
                        killOrphan(firstLine(status[0]));
                        if (quick) return null;
                        if (attempt == 2) {
                            throw new SpawnException("cannot start " + spec.executable() + ": " + broken.getMessage(),
                                    0, "fork server", true);
                        }
                        continue;
                    } finally {
                        if (status[1] >= 0) Posix.libc().close(status[1]);
                        status[1] = -1;
                    }
                    if (reply.errno() != 0) {
                        LinuxSpawner.readToEnd(status[0]);
                        int e = reply.errno();
                        throw new SpawnException(e == LinuxConstants.EPROTO
                                ? "the fork server rejected the request for " + spec.executable()
                                : "cannot fork to start " + spec.executable() + ": " + Linux.describe(e), e, "fork",
                                LinuxErrno.isTransient(e) || e == LinuxConstants.EMFILE);
                    }
                    Begun begun = released(spec, reply, status[0]);
                    handedOn = true;
                    return begun;
                } finally {
                    if (!handedOn) Posix.libc().close(status[0]);
                    if (status[1] >= 0) Posix.libc().close(status[1]);
                }
            }
        } finally {
            LinuxSpawner.closeAll(parentSide);
            lock.unlock();
        }
    }

    /**
     * A child the server made for this JVM, tracked, its pidfd held and the go byte written: it runs on to its exec.
     * {@link #finish} reads its status socket to end of file and owns that socket's descriptor until then.
     */
    static final class Begun implements StartedSpawn {
        private final SpawnSpec spec;
        private final ForkServer.Reply reply;
        private final int statusRead;
        private final int writeErrno; // of the go byte; 0 when it was written
        private final LinuxProcessDescriptor done; // the whole spawn, when it took another way

        private Begun(SpawnSpec spec, ForkServer.Reply reply, int statusRead, int writeErrno,
                      LinuxProcessDescriptor done) {
            this.spec = spec;
            this.reply = reply;
            this.statusRead = statusRead;
            this.writeErrno = writeErrno;
            this.done = done;
        }

        static Begun done(LinuxProcessDescriptor pd) {
            return new Begun(null, null, -1, 0, pd);
        }

        @Override
        public int pid() {
            return done != null ? done.pid() : reply.pid();
        }

        @Override
        public LinuxProcessDescriptor finish() throws SpawnException {
            if (done != null) return done;
            try {
                return started(spec, reply, statusRead, writeErrno);
            } finally {
                Posix.libc().close(statusRead);
            }
        }
    }

    /** Tracks the child and writes the go byte: the child execs only once it reads it. */
    private static Begun released(SpawnSpec spec, ForkServer.Reply reply, int statusRead) {
        ChildRegistry.track(reply.pid());
        // had the reply been lost, the child would read end of file and exit (a child that failed before it read
        // this has closed its end: EPIPE, and its "E" line is still there)
        boolean released = Posix.libc().write(statusRead, LinuxSpawner.GO, 1) == 1;
        return new Begun(spec, reply, statusRead, released ? 0 : Linux.errno(), null);
    }

    private static LinuxProcessDescriptor started(SpawnSpec spec, ForkServer.Reply reply, int statusRead,
                                                  int writeErrno) throws SpawnException {
        int pid = reply.pid();
        boolean released = writeErrno == 0;
        ExecHelper.Failure failure = ExecHelper.parse(LinuxSpawner.readToEnd(statusRead));
        if (failure == null && !released) {
            Pidfd.sendSignal(reply.pidfd(), LinuxSignals.number(Signal.KILL));
            LinuxSpawner.reapBlocking(pid);
            ChildRegistry.untrack(pid);
            Posix.libc().close(reply.pidfd());
            throw new SpawnException("cannot release " + spec.executable() + " from the fork server: "
                    + Linux.describe(writeErrno), writeErrno, "handoff", false);
        }
        if (failure != null) {
            LinuxSpawner.reapBlocking(pid);
            ChildRegistry.untrack(pid);
            Posix.libc().close(reply.pidfd());
            throw LinuxSpawner.exception(failure, spec);
        }
        return new LinuxProcessDescriptor(pid, reply.pidfd(), spec.daemon(), false, 0, LinuxSpawner.startTime(pid));
    }

    /**
     * The first line on the status socket, or what came before end of file: a child writes "P pid" first and
     * then waits for 'G', so this must not wait for end of file; with no child, the server's copy closed.
     */
    private static String firstLine(int fd) {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (Posix.libc().read(fd, one, 1) == 1 && one[0] != '\n') line.append((char) one[0]);
        return line.toString();
    }

    /** A child the broken server made but could not report ("P pid" on its status socket): ours, unreaped, not
     * yet exec'd (it waits for 'G'); end it. */
    private static void killOrphan(String statusText) {
        for (String line : statusText.split("\n")) {
            if (!line.startsWith("P ")) continue;
            int pid;
            try {
                pid = Integer.parseInt(line.substring(2).trim());
            } catch (NumberFormatException e) {
                return;
            }
            if (pid > 0) {
                Posix.libc().kill(pid, LinuxSignals.number(Signal.KILL));
                LinuxSpawner.reapBlocking(pid);
            }
        }
    }
}
