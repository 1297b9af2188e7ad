package org.pdsup.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.pdsup.daemon.control.ControlException;
import org.pdsup.daemon.reexec.HandoverException;
import org.pdsup.daemon.reexec.Reexec;

/** The control protocol's {@code reexec}: a refusal becomes {@code config_error} or {@code invalid_state}. */
final class ReexecHook {
    private ReexecHook() {}

    static CompletableFuture<Runnable> request(Reexec reexec, String by) {
        return reexec.request(by).exceptionallyCompose(e -> {
            Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String code = t instanceof HandoverException h && h.configError() ? "config_error" : "invalid_state";
            return CompletableFuture.failedFuture(new ControlException(code, "re-exec refused: " + t.getMessage()));
        });
    }
}
