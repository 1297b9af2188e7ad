package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each distinct text parsed once; every bad value still reported wherever it is written. */
class ParsedValuesTest {
    @TempDir
    Path tmp;
    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
    }

    @Test
    void theSameBadValuesInTwoServicesAreReportedForEach() {
        String service = """
                  %s {
                    command = ["/bin/true"]
                    stop.timeout = "10 parsecs"
                    restart = sometimes
                    output.max-line = "16 furlongs"
                  }
                """;
        List<String> errors = f.errors("services {\n" + service.formatted("a") + service.formatted("b") + "}\n");
        for (String name : List.of("a", "b")) {
            assertThat(errors).anySatisfy(e -> assertThat(e)
                    .contains("services." + name + ".stop.timeout: invalid duration \"10 parsecs\""));
            assertThat(errors).anySatisfy(e -> assertThat(e)
                    .contains("services." + name + ".restart: unknown value \"sometimes\""));
            assertThat(errors).anySatisfy(e -> assertThat(e)
                    .contains("services." + name + ".output.max-line: invalid size \"16 furlongs\""));
        }
    }

    @Test
    void aValueAlreadyReadIsCheckedAgainWhereItIsNotAllowed() {
        // -5s parses (and is kept); each key's own rule still refuses it where it is read
        List<String> errors = f.errors("""
                services {
                  a { command = ["/bin/true"], backoff.reset-after = -5s }
                  b { command = ["/bin/true"], backoff.reset-after = -5s }
                }
                """);
        assertThat(errors).filteredOn(e -> e.contains("backoff.reset-after: must be longer than zero, got -5s"))
                .hasSize(2);
    }

    @Test
    void servicesOfTheSameShapeGetTheSameValues() throws ConfigException {
        PdsupConfig cfg = f.load("""
                services {
                  a { command = ["/bin/true"], stop.timeout = 7s, output.max-line = 3KiB }
                  b { command = ["/bin/true"], stop.timeout = 7s, output.max-line = 3KiB }
                }
                """);
        for (String name : List.of("a", "b")) {
            ServiceConfig s = cfg.services().get(name);
            assertThat(s.stop().timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(s.output().maxLineBytes()).isEqualTo(3 * 1024);
        }
    }

    @Test
    void aParseIsKeptAndAFailureIsNot() {
        assertThat(ParsedValues.duration("250ms")).isEqualTo(Duration.ofMillis(250))
                .isSameAs(ParsedValues.duration("250ms"));
        assertThat(ParsedValues.bytes("2MiB")).isEqualTo(2L << 20);
        assertThat(ParsedValues.path("backoff.initial")).containsExactly("backoff", "initial");
        int durationsBefore = ParsedValues.sizes()[1];
        assertThatThrownBy(() -> ParsedValues.duration("ten seconds"))
                .isInstanceOf(com.typesafe.config.ConfigException.class);
        assertThat(ParsedValues.sizes()[1]).isEqualTo(durationsBefore);
    }

    @Test
    void manyDistinctTextsAreParsedButNotAllKept() {
        for (int i = 1; i <= ParsedValues.LIMIT + 100; i++) {
            assertThat(ParsedValues.bytes(i + "B")).isEqualTo((long) i);
        }
        assertThat(ParsedValues.sizes()[2]).isLessThanOrEqualTo(ParsedValues.LIMIT);
    }
}
