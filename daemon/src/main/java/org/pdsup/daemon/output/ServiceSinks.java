package org.pdsup.daemon.output;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.pdsup.config.OutputTarget;

/**
 * The open sinks of one service (writer thread only): which {@link LineSink} each stream goes to under the
 * current settings. Files are kept open across runs and reused when settings change without moving them.
 */
final class ServiceSinks {
    private final String name;
    private final Path dir;
    private final AtomicLong dropped;
    private final LinePublisher publisher;
    private final WriteBuffers buffers;
    private final Rotations rotations;
    private final Path syslogSocket;
    private final SyslogTransport.Factory syslogFactory;
    private final LineSink[] byStream = new LineSink[StreamKind.values().length];
    private final Map<Path, RotatingLogFile> files = new HashMap<>();
    private SyslogSink syslog;
    private OutputSettings settings;

    ServiceSinks(String name, Path dir, AtomicLong dropped, LinePublisher publisher, WriteBuffers buffers,
                 Rotations rotations, Path syslogSocket, SyslogTransport.Factory syslogFactory) {
        this.rotations = rotations;
        this.name = name;
        this.dir = dir;
        this.dropped = dropped;
        this.publisher = publisher;
        this.buffers = buffers;
        this.syslogSocket = syslogSocket;
        this.syslogFactory = syslogFactory;
    }

    void apply(OutputSettings s) {
        Map<Path, RotatingLogFile> used = new HashMap<>();
        boolean syslogUsed = false;
        for (StreamKind k : StreamKind.values()) {
            OutputTarget target = s.target(k);
            if (target == OutputTarget.FILE) {
                Path path = LogLayout.file(dir, s, k);
                RotatingLogFile f = used.get(path);
                if (f == null) f = files.remove(path);
                if (f == null) {
                    f = new RotatingLogFile(path, s.maxSizeBytes(), s.keep(), s.timestamps(), dropped, publisher, buffers,
                            rotations);
                } else {
                    f.configure(s.maxSizeBytes(), s.keep(), s.timestamps());
                }
                used.put(path, f);
                byStream[k.ordinal()] = f;
            } else if (target == OutputTarget.SYSLOG) {
                if (syslog != null && syslog.facility() != s.facility()) {
                    syslog.close();
                    syslog = null;
                }
                if (syslog == null) {
                    syslog = new SyslogSink(name, s.facility(), syslogSocket, syslogFactory, dropped, publisher);
                }
                syslogUsed = true;
                byStream[k.ordinal()] = syslog;
            } else {
                byStream[k.ordinal()] = null;
            }
        }
        for (RotatingLogFile f : files.values()) f.close();
        files.clear();
        files.putAll(used);
        if (!syslogUsed && syslog != null) {
            syslog.close();
            syslog = null;
        }
        settings = s;
    }

    /** Where {@code stream} goes now; null when it is not captured (its output is dropped). */
    LineSink sink(StreamKind stream) {
        return byStream[stream.ordinal()];
    }

    int maxLine() {
        return settings.maxLineBytes();
    }

    OutputSettings settings() {
        return settings;
    }

    /** The log files and the stream each is reported as. */
    List<Map.Entry<StreamKind, Path>> files() {
        return LogLayout.files(dir, settings);
    }

    void flush() {
        for (RotatingLogFile f : files.values()) f.flush();
        if (syslog != null) syslog.flush();
    }

    void reopen() {
        for (RotatingLogFile f : files.values()) f.reopen();
        if (syslog != null) syslog.reopen();
    }

    void close() {
        for (RotatingLogFile f : files.values()) f.close();
        files.clear();
        if (syslog != null) syslog.close();
        syslog = null;
        java.util.Arrays.fill(byStream, null);
    }
}
