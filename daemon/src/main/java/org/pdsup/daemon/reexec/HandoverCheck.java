package org.pdsup.daemon.reexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.pdsup.config.PdsupConfig;
import org.pdsup.daemon.supervisor.HandoverState;

/** {@code pdsupd --check-config --check-handover=FILE}: would this program take over this handover? */
public final class HandoverCheck {
    private HandoverCheck() {}

    /** Null when it would; otherwise why not. */
    public static String refusal(Path file, PdsupConfig cfg) {
        HandoverState state;
        try {
            state = HandoverCodec.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            return "cannot read it: " + e.getMessage();
        } catch (HandoverException e) {
            return e.getMessage();
        }
        List<String> unknown = state.services().stream().map(HandoverState.ServiceRecord::name)
                .filter(n -> !cfg.services().containsKey(n)).toList();
        if (!unknown.isEmpty()) return "it hands over services the configuration does not have: " + unknown;
        return null;
    }
}
