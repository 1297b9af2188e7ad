package org.pdsup.config;

import java.nio.file.Path;
import java.util.Locale;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;

/**
 * The defaults that differ by operating system, chosen by {@code os.name} (reference.conf cannot): the state
 * directory and the main configuration file. Everything else is the same everywhere.
 */
final class PlatformDefaults {
    private PlatformDefaults() {}

    static boolean isFreeBsd(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).contains("freebsd");
    }

    static Path stateDir(String osName) {
        return Path.of(isFreeBsd(osName) ? "/var/db/pdsupd" : "/var/lib/pdsupd");
    }

    static Path configFile(String osName) {
        return Path.of(isFreeBsd(osName) ? "/usr/local/etc/pdsupd/pdsupd.conf" : "/etc/pdsupd/pdsupd.conf");
    }

    /** A config layer holding {@code pdsupd.state-dir} for this system; sits between the files and reference.conf. */
    static Config layer(String osName) {
        String text = "pdsupd.state-dir = " + ConfigUtil.quoteString(stateDir(osName).toString());
        return ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription("built-in default for " + osName));
    }
}
