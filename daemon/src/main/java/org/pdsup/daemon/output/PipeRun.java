package org.pdsup.daemon.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.pdsup.config.OutputTarget;
import org.pdsup.procdesc.ExitWatcher;
import org.pdsup.procdesc.Pipe;
import org.pdsup.procdesc.Redirect;

/**
 * The output of one run of a service: a pipe per captured stream (one shared pipe when both streams go to one
 * file), or the redirect the child uses directly ({@code inherit}, {@code null}).
 */
final class PipeRun implements RunOutput {
    private final ServiceOutput service;
    private final List<CapturedStream> streams = new ArrayList<>(2);
    /** The stream each of {@link #streams} carries (STDOUT for a shared pipe). */
    private final List<StreamKind> kinds = new ArrayList<>(2);
    private List<HandedOverStream> handedOver = List.of();
    private final AtomicInteger open = new AtomicInteger();
    private final Redirect stdout;
    private final Redirect stderr;
    private volatile boolean flushedAfterExit;
    private final AtomicBoolean finished = new AtomicBoolean();

    PipeRun(ServiceOutput service, OutputSettings settings, PipeIo io, ExitWatcher watcher) throws IOException {
        this.service = service;
        try {
            if (settings.sharedPipe()) {
                CapturedStream both = capture(StreamKind.STDOUT, settings, io, watcher);
                stdout = Redirect.fd(both.childEnd());
                stderr = Redirect.fd(both.childEnd());
            } else {
                stdout = redirect(StreamKind.STDOUT, settings, io, watcher);
                stderr = redirect(StreamKind.STDERR, settings, io, watcher);
            }
        } catch (RuntimeException e) {
            abandon();
            throw new IOException("cannot create output pipes for " + service.name() + ": " + e.getMessage(), e);
        }
        if (streams.isEmpty()) finished.set(true);
    }

    /** Live re-exec: the run of a process the previous program of this process spawned, from its pipes' read ends. */
    PipeRun(ServiceOutput service, OutputSettings settings, PipeIo io, ExitWatcher watcher,
            List<HandedOverStream> inherited) {
        this.service = service;
        this.stdout = Redirect.inherit();
        this.stderr = Redirect.inherit();
        for (HandedOverStream h : inherited) {
            LineChunker chunker = new LineChunker(h.kind(), service.queue(), settings.maxLineBytes());
            chunker.restorePartial(h.partialLine());
            CapturedStream stream = new CapturedStream(io, watcher, new Pipe(h.fd(), -1), chunker, service.queue(),
                    this::streamEnded);
            open.incrementAndGet();
            streams.add(stream);
            kinds.add(h.kind());
        }
        if (streams.isEmpty()) finished.set(true);
    }

    private Redirect redirect(StreamKind kind, OutputSettings settings, PipeIo io, ExitWatcher watcher) {
        OutputTarget target = settings.target(kind);
        return switch (target) {
            case INHERIT -> Redirect.inherit();
            case NULL -> Redirect.devNull();
            case FILE, SYSLOG -> Redirect.fd(capture(kind, settings, io, watcher).childEnd());
        };
    }

    private CapturedStream capture(StreamKind kind, OutputSettings settings, PipeIo io, ExitWatcher watcher) {
        Pipe pipe = io.pipe();
        LineChunker chunker = new LineChunker(kind, service.queue(), settings.maxLineBytes());
        CapturedStream stream;
        try {
            stream = new CapturedStream(io, watcher, pipe, chunker, service.queue(), this::streamEnded);
        } catch (RuntimeException e) {
            io.close(pipe.readFd());
            io.close(pipe.writeFd());
            throw e;
        }
        open.incrementAndGet();
        streams.add(stream);
        kinds.add(kind);
        return stream;
    }

    @Override
    public Redirect stdout() {
        return stdout;
    }

    @Override
    public Redirect stderr() {
        return stderr;
    }

    @Override
    public void spawned() {
        for (CapturedStream s : streams) s.start();
    }

    @Override
    public List<HandedOverStream> handOver() {
        List<HandedOverStream> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            HandedOverStream h = streams.get(i).handOver(kinds.get(i));
            if (h != null) out.add(h);
        }
        handedOver = out;
        return out;
    }

    @Override
    public void undoHandOver() {
        for (int i = 0; i < streams.size(); i++) {
            for (HandedOverStream h : handedOver) {
                if (h.kind() == kinds.get(i)) streams.get(i).undoHandOver(h);
            }
        }
        handedOver = List.of();
    }

    @Override
    public void abandon() {
        for (CapturedStream s : streams) s.close();
        if (streams.isEmpty()) finish();
    }

    @Override
    public void exited(Runnable whenFlushed) {
        if (streams.isEmpty()) {
            flushedAfterExit = true;
            whenFlushed.run();
            return;
        }
        AtomicInteger draining = new AtomicInteger(streams.size());
        Runnable streamDrained = () -> {
            if (draining.decrementAndGet() == 0) flushed(whenFlushed);
        };
        for (CapturedStream s : List.copyOf(streams)) s.drainAtExit(streamDrained);
    }

    /** Every stream has handed over what the process wrote: run {@code whenFlushed} once it is written. */
    private void flushed(Runnable whenFlushed) {
        service.queue().control(new QueueEntry.Barrier(() -> {
            try {
                whenFlushed.run();
            } finally {
                flushedAfterExit = true;
                if (service.isForgotten()) close();
            }
        }));
    }

    /** True once the process has exited and everything it wrote before is with the writer. */
    boolean flushedAfterExit() {
        return flushedAfterExit;
    }

    /** Stops reading: closes every pipe of this run (output still in them is lost). */
    void close() {
        for (CapturedStream s : streams) s.close();
    }

    /** True once every pipe of the run is closed (or it never had one). */
    boolean finished() {
        return finished.get();
    }

    private void streamEnded() {
        if (open.decrementAndGet() == 0) finish();
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) service.runFinished(this);
    }
}
