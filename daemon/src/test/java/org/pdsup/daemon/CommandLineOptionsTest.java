package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.pdsup.config.ConfigLoader;

/**
 * pdsupd's hand-written command line accepts what picocli accepted (the spellings scripts and pdctl reexec use)
 * and refuses the rest with picocli's messages; {@link MainCommandLineTest} runs the modes themselves.
 */
class CommandLineOptionsTest {
    private static CommandLineOptions parse(String... args) throws Exception {
        return CommandLineOptions.parse(args);
    }

    @Test
    void nothingGivenMeansTheDefaultFileAndADaemonStart() throws Exception {
        CommandLineOptions o = parse();
        assertThat(o.config).isEqualTo(ConfigLoader.defaultConfigFile());
        assertThat(o.example || o.checkConfig || o.printConfig || o.version || o.help).isFalse();
        assertThat(o.checkHandover).isNull();
        assertThat(o.takeOver).isNull();
    }

    @Test
    void everySpellingOfAnOptionWithAValue() throws Exception {
        for (String[] args : new String[][] {{"-c", "/x.conf"}, {"-c/x.conf"}, {"-c=/x.conf"}, {"--config", "/x.conf"},
                {"--config=/x.conf"}}) {
            assertThat(parse(args).config).as(String.join(" ", args)).isEqualTo(Path.of("/x.conf"));
        }
        CommandLineOptions o = parse("--check-config", "--check-handover=/h", "--take-over", "7", "-c", "/a");
        assertThat(o.checkConfig).isTrue();
        assertThat(o.checkHandover).isEqualTo(Path.of("/h"));
        assertThat(o.takeOver).isEqualTo(7);
        assertThat(parse("--take-over=3").takeOver).isEqualTo(3);
        assertThat(parse("--config", "-dash.conf").config).isEqualTo(Path.of("-dash.conf"));
    }

    @Test
    void flagsAndClusters() throws Exception {
        CommandLineOptions o = parse("-hV");
        assertThat(o.help).isTrue();
        assertThat(o.version).isTrue();
        o = parse("-Vc/y.conf", "--example", "--print-config");
        assertThat(o.version).isTrue();
        assertThat(o.config).isEqualTo(Path.of("/y.conf"));
        assertThat(o.example).isTrue();
        assertThat(o.printConfig).isTrue();
        assertThat(parse("--help").help).isTrue();
        assertThat(parse("--version").version).isTrue();
        assertThat(parse("--").config).isEqualTo(ConfigLoader.defaultConfigFile());
    }

    @Test
    void badCommandLinesSayWhatAndWhere() {
        assertBad("Unknown option: '--no-such-option'", "--no-such-option");
        assertBad("Unknown option: '-x'", "-x");
        assertBad("Unknown option: '-x'", "-hx");
        assertBad("Unmatched argument at index 1: 'extra'", "--example", "extra");
        assertBad("Unmatched argument at index 1: '--example'", "--", "--example");
        assertBad("Missing required parameter for option '--config' (FILE)", "--config");
        assertBad("Missing required parameter for option '--config' (FILE)", "-c");
        assertBad("Missing required parameter for option '--take-over' (FD)", "--take-over");
        assertBad("Invalid value for option '--take-over': 'x' is not an int", "--take-over", "x");
        assertBad("option '--config' should be specified only once", "-c", "/a", "--config=/b");
        assertBad("option '--example' should be specified only once", "--example", "--example");
        assertBad("option '--example' takes no value, but was given 'yes'", "--example=yes");
    }

    private static void assertBad(String message, String... args) {
        assertThatThrownBy(() -> CommandLineOptions.parse(args)).as(String.join(" ", args))
                .isInstanceOf(CommandLineOptions.BadCommandLine.class).hasMessage(message);
    }

    @Test
    void helpGoesToStandardOutputAndABadLineToStandardErrorWithExit2() {
        MainCommandLineTest.Run h = MainCommandLineTest.pdsupd("--help");
        assertThat(h.code()).isZero();
        assertThat(h.err()).isEmpty();
        assertThat(h.out()).startsWith("Usage: pdsupd [-hV]").contains("--check-handover=FILE", "78   the configuration",
                "(default: " + ConfigLoader.defaultConfigFile() + ")");
        MainCommandLineTest.Run bad = MainCommandLineTest.pdsupd("extra");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("Unmatched argument at index 0: 'extra'\nUsage: pdsupd");
    }
}
