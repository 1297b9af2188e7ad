package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configurations of 10,000 services: the checks that look across services (requires, cycles, duplicates across
 * files, file order, did-you-mean) give the same answers as on small ones. Correctness only: the time they take
 * is measured by bench/run.sh --scale, never asserted here.
 */
class ManyServicesTest {
    private static final int N = 10_000;

    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    /** svc0 .. svc(N-1), each requiring the one before it when {@code chain}; optional extra lines. */
    private static String services(int n, boolean chain, String extra) {
        StringBuilder sb = new StringBuilder("services {\n");
        for (int i = 0; i < n; i++) {
            sb.append("  svc").append(i).append(" { command = [/bin/true]");
            if (chain && i > 0) sb.append(", requires = [svc").append(i - 1).append("]");
            sb.append(" }\n");
        }
        return sb.append(extra).append("}\n").toString();
    }

    /** Runs {@code body} on a thread with a deliberately small stack (as pdsupd's -Xss512k, halved). */
    private static <T> T onSmallStack(java.util.concurrent.Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() != null) throw new AssertionError(failure.get());
        return result.get();
    }

    @Test
    void aChainOfTenThousandRequiresLoadsInFileOrderOnASmallStack() throws Exception {
        f.write("pdsupd.conf", services(N, true, ""));
        PdsupConfig c = onSmallStack(f::loadFile);
        List<String> names = new ArrayList<>(c.services().keySet());
        assertThat(names).hasSize(N);
        for (int i = 0; i < N; i++) assertThat(names.get(i)).isEqualTo("svc" + i);
        assertThat(c.services().get("svc" + (N - 1)).requires()).containsExactly("svc" + (N - 2));
    }

    @Test
    void aCycleThroughTenThousandServicesIsReportedOnceFromItsFirstService() throws Exception {
        String main = services(N, true, "").replace("svc0 { command = [/bin/true]",
                "svc0 { command = [/bin/true], requires = [svc" + (N - 1) + "]");
        f.write("pdsupd.conf", main);
        List<String> errors = onSmallStack(f::errorsOfFile);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("pdsupd.conf:2: services.svc0.requires: dependency cycle: svc0 -> svc"
                + (N - 1) + " -> svc" + (N - 2) + " -> ").endsWith(" -> svc2 -> svc1 -> svc0");
        assertThat(errors.get(0).split(" -> ")).hasSize(N + 1);
    }

    @Test
    void manySmallCyclesAreEachReportedOnce() {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            extra.append("  a").append(i).append(" { command = [/bin/true], requires = [b").append(i).append("] }\n");
            extra.append("  b").append(i).append(" { command = [/bin/true], requires = [a").append(i).append("] }\n");
        }
        List<String> errors = f.errors(services(N, false, extra.toString()));
        assertThat(errors).hasSize(100);
        assertThat(errors.get(0)).isEqualTo("pdsupd.conf:" + (N + 2) + ": services.a0.requires: dependency cycle: a0 -> b0 -> a0");
        assertThat(errors.get(99)).endsWith("services.a99.requires: dependency cycle: a99 -> b99 -> a99");
    }

    @Test
    void aTypoAmongTenThousandNamesIsStillSuggested() {
        List<String> errors = f.errors(services(N, false,
                "  web { command = [/bin/true], requires = [svc9999x, zzzzzzzzzz] }\n"));
        assertThat(errors).containsExactly(
                "pdsupd.conf:" + (N + 2) + ": services.web.requires: unknown service \"svc9999x\" (did you mean \"svc9999\"?)",
                "pdsupd.conf:" + (N + 2) + ": services.web.requires: unknown service \"zzzzzzzzzz\"");
    }

    @Test
    void servicesSpreadOverManyIncludeFilesKeepFileOrderAndDuplicatesAreFound() throws Exception {
        int files = 100;
        int per = N / files;
        for (int k = 0; k < files; k++) {
            StringBuilder sb = new StringBuilder("services {\n");
            // within a file, names run backwards: the order is the file's lines, not the names
            for (int i = per - 1; i >= 0; i--) {
                sb.append("  f").append(String.format("%03d", k)).append("s").append(i)
                        .append(" { command = [/bin/true] }\n");
            }
            f.write("conf.d/" + String.format("%03d", k) + ".conf", sb.append("}\n").toString());
        }
        PdsupConfig c = f.load("pdsupd.include-dir = conf.d\n");
        List<String> names = new ArrayList<>(c.services().keySet());
        assertThat(names).hasSize(N);
        assertThat(names.get(0)).isEqualTo("f000s" + (per - 1));
        assertThat(names.get(per)).isEqualTo("f001s" + (per - 1));
        assertThat(names.get(N - 1)).isEqualTo("f099s0");

        f.write("conf.d/zzz.conf", "services {\n  f050s7 { command = [/bin/true] }\n}\n");
        assertThat(f.errorsOfFile()).containsExactly(
                "conf.d/zzz.conf:2: services.f050s7: service \"f050s7\" is already defined at conf.d/050.conf:"
                        + (per - 7 + 1));
    }
}
