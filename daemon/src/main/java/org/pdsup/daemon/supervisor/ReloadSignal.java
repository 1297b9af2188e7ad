package org.pdsup.daemon.supervisor;

import org.pdsup.daemon.supervisor.Transitions.Phase;

/** Whether a service can take its {@code reload-signal} now ({@code pdctl reload NAME}). */
final class ReloadSignal {
    private ReloadSignal() {}

    /**
     * Checks that {@code svc} can take its {@code reload-signal}: it runs (starting or running), and a
     * {@code type = forking} service has its daemon (not its launcher).
     */
    static void check(Service svc) {
        if (svc.phase == Phase.LAUNCHING) {
            throw new IllegalStateForOperation(svc.name + " is starting: its launcher runs, and the daemon its"
                    + " pidfile names is not known yet; nothing was reloaded");
        }
        if (!svc.hasProcess() || (svc.phase != Phase.STARTING && svc.phase != Phase.RUNNING)) {
            throw new IllegalStateForOperation(svc.name + " is not running (state " + svc.state().wireName()
                    + "): there is no process to reload; nothing was reloaded");
        }
    }
}
