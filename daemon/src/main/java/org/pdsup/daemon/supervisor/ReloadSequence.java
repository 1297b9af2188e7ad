package org.pdsup.daemon.supervisor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.pdsup.config.ConfigException;
import org.pdsup.config.DaemonBlockDiff;
import org.pdsup.config.PdsupConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reload from start to end, all or nothing, on the reload thread (one reload at a time): load the files;
 * refuse when a key that needs a restart changed ({@link DaemonBlockDiff#needingRestart}); let the adapters
 * prepare their part of {@code pdsupd { }} ({@link DaemonBlockApplier}, which may refuse); apply the services and
 * the core's keys on the supervisor thread; then commit the adapters' part (or abort it when that failed). The
 * outcome names the changed keys of the block, and so does the log.
 */
final class ReloadSequence {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class); // the reload lines as before

    private final Supervisor.ConfigSource source;
    /** Applies a loaded configuration on the supervisor thread. */
    private final Function<PdsupConfig, CompletableFuture<ReloadOutcome>> apply;
    /** The configuration the last reload applied (or the first one); the reload thread's alone. */
    private PdsupConfig current;
    private volatile DaemonBlockApplier daemonBlock = DaemonBlockApplier.NONE;

    ReloadSequence(PdsupConfig initial, Supervisor.ConfigSource source,
                   Function<PdsupConfig, CompletableFuture<ReloadOutcome>> apply) {
        this.current = initial;
        this.source = source;
        this.apply = apply;
    }

    void daemonBlockApplier(DaemonBlockApplier applier) {
        this.daemonBlock = Objects.requireNonNull(applier, "applier");
    }

    /** Runs one reload; a refusal is an outcome, a failure of the apply (shutting down) an exception. */
    ReloadOutcome run() {
        PdsupConfig next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return refuse(e.errors().stream().map(Object::toString).toList());
        } catch (RuntimeException e) {
            return refuse(List.of(String.valueOf(e.getMessage())));
        }
        List<String> keys = DaemonBlockDiff.changedKeys(current, next);
        List<String> restartOnly = DaemonBlockDiff.needingRestart(current, next);
        if (!restartOnly.isEmpty()) return refuse(restartOnly);
        DaemonBlockApplier.Prepared prepared;
        try {
            prepared = daemonBlock.prepare(current.daemon(), next.daemon(), keys);
        } catch (ReloadRefusedException e) {
            return refuse(e.errors());
        }
        ReloadOutcome outcome;
        try {
            outcome = apply.apply(next).join();
        } catch (RuntimeException e) {
            prepared.abort();
            throw e;
        }
        prepared.commit();
        current = next;
        if (!keys.isEmpty()) LOG.info("reload applied to the pdsupd block: {}", String.join(", ", keys));
        return outcome.withDaemonKeys(keys);
    }

    private static ReloadOutcome refuse(List<String> errors) {
        LOG.error("reload refused; the running configuration is unchanged:\n  {}", String.join("\n  ", errors));
        return ReloadOutcome.refused(errors);
    }
}
