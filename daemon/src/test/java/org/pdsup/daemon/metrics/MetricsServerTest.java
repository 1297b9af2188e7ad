package org.pdsup.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdsup.daemon.supervisor.ServiceState;
import org.pdsup.procdesc.stats.ProcessSample;
import org.pdsup.procdesc.stats.ProcessStats;

/** The HTTP endpoint over real loopback sockets. */
class MetricsServerTest {

    private static final ProcessStats FIXED = pid -> Optional.of(new ProcessSample(1 << 20, 0.5, 0.25));

    private PdsupMetrics metrics;
    private MetricsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        metrics = new PdsupMetrics(() -> TestSnapshots.of(
                TestSnapshots.running("web", 101, 3, Map.of("exit:1", 3L)),
                TestSnapshots.running("worker-1", 102, 0, Map.of("signal:SEGV", 1L, "exit:0", 2L)),
                TestSnapshots.inState("cron.daily", ServiceState.EXITED),
                TestSnapshots.inState("db", ServiceState.FATAL)), FIXED);
        metrics.servicesChanged(Set.of("web", "worker-1", "cron.daily", "db"));
        server = new MetricsServer("127.0.0.1", 0, metrics);
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void aLiveScrapeOfSeveralServicesPassesPromtool() throws Exception {
        Promtool.assumeInstalled();
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(address)) {
            r = http.request("GET", "/metrics");
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        Exposition e = Exposition.parse(r.text());
        assertThat(e.value("pdsup_service_exits_total", "service", "worker-1", "reason", "signal", "code", "SEGV"))
                .isEqualTo(1.0);
        assertThat(e.value("pdsup_services", "state", "fatal")).isEqualTo(1.0);
        Promtool.Result check = Promtool.checkMetrics(r.body());
        assertThat(check.exitCode()).as("promtool check metrics:\n%s", check.output()).isZero();
    }

    /** promtool reads only the Prometheus text format; the OpenMetrics answer is ingested by a real Prometheus in
     *  {@link PrometheusEndToEndTest}. */
    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        RawHttp.Response r;
        try (RawHttp http = new RawHttp(address)) {
            // What Prometheus 2.x sends.
            r = http.request("GET", "/metrics", "Accept: application/openmetrics-text;version=1.0.0,"
                    + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(r.text()).endsWith("# EOF\n").contains("# TYPE pdsup_service_exits counter\n");
        Exposition e = Exposition.parse(r.text());
        assertThat(e.value("pdsup_service_exits_total", "service", "web", "reason", "exit", "code", "1")).isEqualTo(3.0);
    }

    @Test
    void aThousandServicesPassPromtool() throws Exception {
        Promtool.assumeInstalled();
        var services = new java.util.LinkedHashMap<String, org.pdsup.daemon.supervisor.ServiceSnapshot>();
        for (int i = 0; i < 1000; i++) {
            String name = "svc-" + i;
            services.put(name, i % 2 == 0 ? TestSnapshots.running(name, 1000 + i, i, Map.of("exit:" + (i % 5), 1L))
                    : TestSnapshots.inState(name, ServiceState.values()[i % ServiceState.values().length]));
        }
        var snapshot = new org.pdsup.daemon.supervisor.SupervisorSnapshot(TestSnapshots.T0, services);
        try (PdsupMetrics many = new PdsupMetrics(() -> snapshot, FIXED);
             MetricsServer s = new MetricsServer("127.0.0.1", 0, many)) {
            many.servicesChanged(services.keySet());
            RawHttp.Response r;
            try (RawHttp http = new RawHttp(s.start())) {
                r = http.request("GET", "/metrics");
            }
            Exposition e = Exposition.parse(r.text());
            assertThat(e.value("pdsup_service_restarts_total", "service", "svc-998")).isEqualTo(998.0);
            assertThat(e.samples.keySet().stream().filter(k -> k.startsWith("pdsup_service_up{")).count())
                    .isEqualTo(1000);
            Promtool.Result check = Promtool.checkMetrics(r.body());
            assertThat(check.exitCode()).as("promtool check metrics:\n%s", check.output()).isZero();
        }
    }

    @Test
    void theIndexPageLinksToMetrics() throws IOException {
        try (RawHttp http = new RawHttp(address)) {
            RawHttp.Response r = http.request("GET", "/");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("text/html");
            assertThat(r.text()).contains("<a href=\"/metrics\">");
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws IOException {
        try (RawHttp http = new RawHttp(address)) {
            RawHttp.Response notFound = http.request("GET", "/metrics/x");
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.text()).contains("not found: /metrics/x");

            RawHttp.Response post = http.request("POST", "/metrics", "Content-Length: 0");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("allow")).isEqualTo("GET");

            RawHttp.Response delete = http.request("DELETE", "/");
            assertThat(delete.status()).isEqualTo(405);

            RawHttp.Response query = http.request("GET", "/metrics?name[]=pdsup_service_up");
            assertThat(query.status()).as("a query string does not change the path").isEqualTo(200);
        }
    }

    @Test
    void keepsTheConnectionAliveAcrossScrapesAndClosesWhenAsked() throws IOException {
        try (RawHttp http = new RawHttp(address)) {
            assertThat(http.request("GET", "/metrics").status()).isEqualTo(200);
            assertThat(http.request("GET", "/metrics").status()).isEqualTo(200);
            RawHttp.Response last = http.request("GET", "/metrics", "Connection: close");
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            MetricsServer second = new MetricsServer("127.0.0.1", port, metrics);
            assertThatThrownBy(second::start)
                    .isInstanceOf(MetricsListenException.class)
                    .hasMessage("metrics: cannot listen on 127.0.0.1:" + port + ": address already in use");
            second.close();
        }
    }

    @Test
    void anAddressNotOnThisHostIsAClearError() {
        MetricsServer elsewhere = new MetricsServer("192.0.2.1", 9772, metrics);     // TEST-NET-1, RFC 5737
        assertThatThrownBy(elsewhere::start)
                .isInstanceOf(MetricsListenException.class)
                .hasMessage("metrics: cannot listen on 192.0.2.1:9772: cannot assign requested address");
        elsewhere.close();
    }

    @Test
    void aSharedEventLoopGroupIsLeftToItsOwner() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            MetricsServer shared = new MetricsServer("127.0.0.1", 0, metrics, group);
            InetSocketAddress a = shared.start();
            try (RawHttp http = new RawHttp(a)) {
                assertThat(http.request("GET", "/metrics").status()).isEqualTo(200);
            }
            shared.close();
            assertThat(group.isShuttingDown()).isFalse();
            // NIO closes a registered channel's socket when the selector next deregisters it: just after close().
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try {
                    new RawHttp(a).close();
                    Thread.sleep(20);
                } catch (IOException e) {
                    refused = true;
                }
            }
            assertThat(refused).as("no longer listening on %s", a).isTrue();
            assertThat(group.submit(() -> "alive").get(10, TimeUnit.SECONDS)).isEqualTo("alive");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aScrapeThatFailsIsA500AndTheServerGoesOn() throws IOException {
        try (MetricsServer failing = new MetricsServer("127.0.0.1", 0, (accept, out) -> {
            throw new IllegalStateException("boom");
        })) {
            try (RawHttp http = new RawHttp(failing.start())) {
                RawHttp.Response r = http.request("GET", "/metrics");
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.text()).contains("boom");
                assertThat(http.request("GET", "/").status()).isEqualTo(200);
            }
        }
    }
}
