package org.pdsup.procdesc.linux;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import jnr.ffi.Pointer;
import org.pdsup.procdesc.ExecHelper;
import org.pdsup.procdesc.Redirect;
import org.pdsup.procdesc.SpawnException;
import org.pdsup.procdesc.SpawnSpec;
import org.pdsup.procdesc.posix.Posix;

/**
 * The fork server ({@code pdsup-exec -Z}, source {@code pdsup-forkserver.c}, protocol in its header comment): one
 * small single-threaded process per JVM that clones each service with {@code CLONE_PARENT}, so the service is the
 * JVM's child without the JVM copying its descriptor table into a new process (docs/procdesc.md, "Fork server").
 *
 * <p>The server is started on first use through the exec helper's hand-off ({@link SpawnMode#HELPER_FORK}), so it
 * is the JVM's child, tied to the JVM's main thread by its parent-death signal, and its own children (which share
 * its parent) are too. One exchange at a time: a request (descriptors with SCM_RIGHTS, argv, environment,
 * directory), a reply (PID and errno, the child's pidfd). A server that died or broke its stream is discarded —
 * killed if still running, reaped — and the next exchange starts a new one.
 */
final class ForkServer {
    private static final int MAGIC = 0x50444653; // "PDFS", as pdsup-forkserver.c's MAGIC
    private static final int SERVER_SOCKET = 3;
    /** The most descriptors one request carries: below SCM_MAX_FD (253, include/net/scm.h), as the server's. */
    static final int MAX_FDS = 250;
    /**
     * How long a reply may take. The server answers within a clone's time; one that does not (stopped, or the
     * machine out of processes for that long) is discarded, so spawns do not hang behind it.
     */
    static final int REPLY_TIMEOUT_MILLIS = 10_000;
    /**
     * How long a reply may take in {@link #exchangeIfFree}, which runs on a thread that must not wait long (the
     * supervisor's): a clone takes about 0.2 ms; a server that has not answered in this time is stopped or the
     * machine is out of processes, and it is discarded like one that broke its stream.
     */
    static final int QUICK_REPLY_TIMEOUT_MILLIS = 250;
    private static volatile int replyTimeoutMillis = REPLY_TIMEOUT_MILLIS; // tests shorten it
    private static volatile int quickReplyTimeoutMillis = QUICK_REPLY_TIMEOUT_MILLIS; // tests shorten it
    private static volatile Path runningHelper; // the running server's program, null when none runs
    private static volatile boolean loseNextReply; // tests
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static ForkServer running; // guarded by LOCK

    private static final int[] NO_FDS = {};
    private final LinuxProcessDescriptor process;
    private final int socket;
    private final ForkServerRequest request = new ForkServerRequest(); // reused: exchanges run under LOCK

    private ForkServer(LinuxProcessDescriptor process, int socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The server's answer: the child's PID and pidfd, or the errno of its clone (pid and pidfd -1). */
    record Reply(int pid, int pidfd, int errno) {}

    /** The server is gone or its stream broke during an exchange (it has been discarded). */
    static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    /**
     * One exchange with the running server, started first if there is none.
     *
     * @param fds     descriptors of this JVM to pass, each to become {@code targets[i]} in the child
     * @throws Broken when the server failed during the exchange (the child may or may not exist: the caller
     *                learns that from the status pipe)
     * @throws SpawnException when no server can be started
     */
    static Reply exchange(Path helper, List<String> argv, Map<String, String> env, String dir, int[] fds, int[] targets)
            throws Broken, SpawnException {
        LOCK.lock();
        try {
            if (running == null) {
                running = start(helper);
                runningHelper = helper;
            }
            return running.exchange(argv, env, dir, fds, targets, replyTimeoutMillis);
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * {@link #exchange} with the running server when no other exchange holds it, waiting at most
     * {@link #QUICK_REPLY_TIMEOUT_MILLIS} for the reply; null, having sent nothing, when no server runs or another
     * thread is in an exchange.
     */
    static Reply exchangeIfFree(Path helper, List<String> argv, Map<String, String> env, String dir, int[] fds,
                                int[] targets) throws Broken {
        if (!LOCK.tryLock()) return null;
        try {
            if (running == null || !helper.equals(runningHelper)) return null;
            return running.exchange(argv, env, dir, fds, targets, quickReplyTimeoutMillis);
        } finally {
            LOCK.unlock();
        }
    }

    /** The program of the running server, null when none runs: the path a request's argv names as the helper. */
    static Path runningHelper() {
        return runningHelper;
    }

    /** One exchange with this server, under LOCK; a server that fails in it is discarded. */
    private Reply exchange(List<String> argv, Map<String, String> env, String dir, int[] fds, int[] targets,
                           int timeoutMillis) throws Broken {
        try {
            send(argv, env, dir, fds, targets);
            if (!LinuxProcessDescriptor.poll(socket, timeoutMillis)) {
                throw new IllegalStateException("no answer within " + timeoutMillis + " ms (stopped?)");
            }
            DescriptorReceiver.Message m = DescriptorReceiver.receive(socket, 2);
            if (m == null) throw new IllegalStateException("end of stream");
            if (loseNextReply) { // fault injection (tests): as if this JVM could not take the pidfd
                loseNextReply = false;
                if (m.fd() >= 0) Posix.libc().close(m.fd());
                LockSupport.parkNanos(300_000_000L); // time for a child to exec, were it not waiting for 'G'
                throw new IllegalStateException("reply lost (test)");
            }
            int pid = m.payload()[0];
            int errno = m.payload()[1];
            if (errno == 0 && (pid <= 0 || m.fd() < 0)) {
                if (m.fd() >= 0) Posix.libc().close(m.fd());
                throw new IllegalStateException("a reply without a child (pid " + pid + ")");
            }
            return errno == 0 ? new Reply(pid, m.fd(), 0) : new Reply(-1, -1, errno);
        } catch (RuntimeException e) {
            running = null;
            runningHelper = null;
            discard();
            throw new Broken("the fork server " + process.pid() + " failed: " + e.getMessage());
        }
    }

    /** Sets how long a reply may take (tests). */
    static void replyTimeout(int millis) {
        replyTimeoutMillis = millis;
    }

    /** Sets how long a reply may take in {@link #exchangeIfFree} (tests). */
    static void quickReplyTimeout(int millis) {
        quickReplyTimeoutMillis = millis;
    }

    /** Makes the next exchange lose its reply after the server cloned the child (tests). */
    static void loseNextReply() {
        loseNextReply = true;
    }

    /** The running server's PID, or -1 (tests). */
    static int runningPid() {
        LOCK.lock();
        try {
            return running == null ? -1 : running.process.pid();
        } finally {
            LOCK.unlock();
        }
    }

    private static ForkServer start(Path helper) throws SpawnException {
        int[] pair = null;
        try {
            pair = LinuxSpawner.socketPair();
            SpawnSpec spec = SpawnSpec.builder(helper, List.of(helper.toString(), "-Z",
                            Integer.toString(SERVER_SOCKET), "-V", Integer.toString(ExecHelper.PROTOCOL_VERSION)))
                    .stdin(Redirect.devNull()).stdout(Redirect.devNull()).stderr(Redirect.inherit())
                    .passFd(SERVER_SOCKET, pair[1]).build();
            // the helper-fork hand-off makes this JVM the subreaper first and the server its child
            LinuxProcessDescriptor process = new LinuxSpawner(SpawnMode.HELPER_FORK).spawn(spec);
            return new ForkServer(process, pair[0]);
        } catch (SpawnException e) {
            if (pair != null) Posix.libc().close(pair[0]);
            throw new SpawnException("cannot start the fork server: " + e.getMessage(), e.errno(), "fork server",
                    e.transientFailure());
        } finally {
            if (pair != null) Posix.libc().close(pair[1]);
        }
    }

    private void discard() {
        Posix.libc().close(socket);
        process.close(); // SIGKILL if it still runs, then reap
    }

    private void send(List<String> argv, Map<String, String> env, String dir, int[] fds, int[] targets) {
        request.encode(MAGIC, argv, env, dir, fds.length, targets);
        int total = request.length();
        long sent = sendmsg(request.message(0, total, fds));
        while (sent < total) sent += sendmsg(request.message(sent, total - sent, NO_FDS));
    }

    /** One sendmsg of {@code msg}; returns bytes sent. */
    private long sendmsg(Pointer msg) {
        while (true) {
            long n = Linux.libc().sendmsg(socket, msg, LinuxConstants.MSG_NOSIGNAL);
            if (n > 0) return n;
            int e = Linux.errno();
            if (n < 0 && e == LinuxConstants.EINTR) continue;
            throw Linux.failure("sendmsg(fork server socket)", e);
        }
    }
}
