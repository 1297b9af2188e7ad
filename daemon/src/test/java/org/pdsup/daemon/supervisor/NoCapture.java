package org.pdsup.daemon.supervisor;

import java.io.IOException;

import org.pdsup.config.OutputConfig;
import org.pdsup.daemon.output.Capture;
import org.pdsup.daemon.output.OutputCapture;
import org.pdsup.daemon.output.RunOutput;

/** Output capture that captures nothing: services write to the test's own stdout and stderr. */
final class NoCapture implements Capture {
    @Override
    public RunOutput open(String service, OutputConfig cfg) {
        return DirectOutput.inherit();
    }

    @Override
    public long droppedBytes(String service) {
        return 0;
    }

    @Override
    public void forget(String service) {
    }

    @Override
    public void reopenAll() {
    }

    @Override
    public AutoCloseable tail(String service, int lines, boolean follow, OutputCapture.LogSink sink)
            throws IOException {
        throw new IOException("this supervisor captures no output");
    }

    @Override
    public AutoCloseable tail(String service, int lines, boolean follow, org.pdsup.daemon.output.LineFilter filter,
                              OutputCapture.LogSink sink) throws IOException {
        throw new IOException("this supervisor captures no output");
    }
}
