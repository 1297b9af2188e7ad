package org.pdsup.daemon.supervisor;

import org.pdsup.procdesc.NoSuchProcessException;
import org.pdsup.procdesc.ProcessDescriptor;
import org.pdsup.procdesc.ProcessDescriptors;
import org.pdsup.procdesc.stats.ProcessTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At boot, on the supervisor thread: takes over the persistent services' processes that an earlier pdsupd left
 * running ({@link PersistentState}'s file), each only if it is still configured as persistent and the process
 * is provably the one recorded ({@link AdoptionGuard}); any other is started anew.
 */
final class PersistentAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final PersistentState persistentState;
    private final AdoptionGuard adoptionGuard = new AdoptionGuard(ProcessTable.system());
    private final ProcessDescriptors procdesc;
    private final ServiceTable services;
    private final ServiceMachine machine;

    PersistentAdoption(PersistentState persistentState, ProcessDescriptors procdesc, ServiceTable services,
                       ServiceMachine machine) {
        this.persistentState = persistentState;
        this.procdesc = procdesc;
        this.services = services;
        this.machine = machine;
    }

    void readopt() {
        for (PersistentState.Entry e : persistentState.load()) {
            Service s = services.get(e.service());
            if (s == null || !s.config.persist()) {
                LOG.warn("{}: process {} was left running by an earlier pdsupd, but the service is no longer "
                        + "configured as persistent; leaving it alone", e.service(), e.pid());
                continue;
            }
            String notOurs = adoptionGuard.whyNotOurs(e.pid(), s.config);
            if (notOurs != null) {
                LOG.error("{}: {} names process {}, but {}; not adopting it, starting the service anew",
                        e.service(), persistentState.file(), e.pid(), notOurs);
                continue;
            }
            try {
                ProcessDescriptor pd = procdesc.adopt(e.pid(), e.startTime());
                machine.adopt(s, pd);
            } catch (NoSuchProcessException ex) {
                LOG.info("{}: recorded process {} is gone ({}); starting it anew", e.service(), e.pid(), ex.getMessage());
            } catch (RuntimeException ex) {
                LOG.warn("{}: cannot re-adopt process {}: {}; starting it anew", e.service(), e.pid(), ex.getMessage());
            }
        }
    }
}
