package org.pdsup.daemon.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's name sent in {@code hello}: "pdsupd/VERSION" from the build's version.properties, else "pdsupd/dev". */
final class ServerName {
    private ServerName() {}

    static String read() {
        String version = "dev";
        try (InputStream in = ServerName.class.getResourceAsStream("/org/pdsup/daemon/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) version = v.trim();
            }
        } catch (IOException e) {
            // keep "dev"
        }
        return "pdsupd/" + version;
    }
}
