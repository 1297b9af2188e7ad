package org.pdsup.pdctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pdsup.protocol.ExitSummary;
import org.pdsup.protocol.ServiceStatus;

class FormatsTest {

    @Test
    void formatsUptimeSizesAndCpu() {
        assertThat(Formats.uptime(-1)).isEqualTo("-");
        assertThat(Formats.uptime(59)).isEqualTo("59s");
        assertThat(Formats.uptime(192)).isEqualTo("3m12s");
        assertThat(Formats.uptime(4 * 3600 + 5 * 60)).isEqualTo("4h5m");
        assertThat(Formats.uptime(2 * 86400 + 4 * 3600)).isEqualTo("2d4h");
        assertThat(Formats.bytes(512)).isEqualTo("512B");
        assertThat(Formats.bytes(3_250_586)).isEqualTo("3.1M");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5K");
        assertThat(Formats.cpu(0.02)).isEqualTo("0.02s");
        assertThat(Formats.cpu(1.5)).isEqualTo("1.50s");
        assertThat(Formats.cpu(75.4)).isEqualTo("75s");
    }

    @Test
    void eventTimesInLocalTimeOrUtcWithMillisecondsOnATerminal() {
        String t = "2026-12-07T01:02:03.004567Z";
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        assertThat(EventsCommand.time(t, berlin, false)).isEqualTo("2026-12-07 02:02:03");
        assertThat(EventsCommand.time(t, berlin, true)).isEqualTo("2026-12-07 02:02:03.004");
        assertThat(EventsCommand.time(t, java.time.ZoneOffset.UTC, true)).isEqualTo("2026-12-07 01:02:03.004Z");
        assertThat(EventsCommand.time("not a time", berlin, false)).isEqualTo("not a time");
    }

    @Test
    void formatsTheLastExitAsDocumented() {
        ExitSummary e = new ExitSummary("exit 1", 1, null, false, 0.01, 0.01, 3_250_586, null);
        assertThat(Formats.exit(e)).isEqualTo("exit 1 (cpu 0.02s, rss 3.1M)");
        ExitSummary unknownRss = new ExitSummary("signal KILL", -1, "KILL", false, 0, 0, -1, null);
        assertThat(Formats.exit(unknownRss)).isEqualTo("signal KILL (cpu 0.00s)");
        assertThat(Formats.exit(null)).isEqualTo("-");
    }

    @Test
    void tableIsAlignedAndUncolouredWhenNotATerminal() {
        Output out = new Output(new PrintStream(new ByteArrayOutputStream()), System.err, false, false);
        ServiceStatus web = new ServiceStatus("web", "running", true, 1234, null, null, 3725, 2, false, false, null,
                new ExitSummary("exit 1", 1, null, false, 0.01, 0.01, 3_250_586, null), 3700, "ready (exit-zero)");
        ServiceStatus db = new ServiceStatus("database", "fatal", false, 0, null, null, -1, 5, false, false,
                "spawn failed: No such file or directory", null, 2 * 86400 + 4 * 3600, "start limit reached");
        ServiceStatus api = new ServiceStatus("api", "starting", false, 0, null, null, -1, 0, false, false, null,
                null, 192, "waiting for database");
        String table = StatusTable.render(List.of(web, db, api), out);
        assertThat(table.split("\n")).containsExactly(
                "NAME      STATE                           SINCE  PID   UPTIME  RESTARTS  LAST-EXIT",
                "web       running                         1h1m   1234  1h2m    2         exit 1 (cpu 0.02s, rss 3.1M)",
                "database  fatal                           2d4h   -     -       5         error: spawn failed: No such file or directory",
                "api       starting: waiting for database  3m12s  -     -       0         -");
        assertThat(table).doesNotContain("\u001b");
    }

    @Test
    void colourPaintsStatesOnATerminal() {
        Output out = new Output(new PrintStream(new ByteArrayOutputStream()), System.err, false, true);
        ServiceStatus web = new ServiceStatus("web", "running", true, 1, null, null, 1, 0, false, false, null, null);
        assertThat(StatusTable.render(List.of(web), out)).contains("\u001b[32mrunning\u001b[0m");
        Output json = new Output(new PrintStream(new ByteArrayOutputStream()), System.err, true, true);
        assertThat(json.paint("x", Output.RED)).isEqualTo("x");
    }
}
