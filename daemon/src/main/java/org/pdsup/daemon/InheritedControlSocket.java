package org.pdsup.daemon;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import org.pdsup.procdesc.Fds;
import org.pdsup.procdesc.ProcessReplacement;

/**
 * Live re-exec, in the new program: the control socket's listener arrives as standard input, where the previous
 * program put it, and {@link System#inheritedChannel()} (public API, no JVM flags) makes a NIO channel of it (the
 * JDK takes its own duplicate of descriptor 0). Standard input then goes back to /dev/null.
 */
final class InheritedControlSocket {
    private InheritedControlSocket() {}

    static ServerSocketChannel take() throws StartupException {
        Channel ch;
        try {
            ch = System.inheritedChannel();
        } catch (IOException | SecurityException e) {
            throw new StartupException("re-exec: cannot take over the control socket from standard input: "
                    + e.getMessage(), e);
        }
        if (!(ch instanceof ServerSocketChannel listener)) {
            throw new StartupException("re-exec: standard input is not the control socket's listener (it is "
                    + (ch == null ? "not a socket" : ch.getClass().getSimpleName()) + ")");
        }
        int devNull = ProcessReplacement.openForReading(Path.of("/dev/null"));
        ProcessReplacement.dup2(devNull, 0);
        Fds.close(devNull);
        return listener;
    }
}
