package org.pdsup.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a FreeBSD port's pkg-plist installs, as paths under the prefix: {@code @sample} entries give their
 * {@code .sample} file, man pages lose the {@code .gz} the ports framework adds, {@code %%PLIST_SUB%%} variables
 * are replaced, and keyword lines ({@code @postexec}, {@code @dir}, ...) install no file.
 */
final class PkgPlist {
    /** The substitutions the ports framework applies, for the values of this port. */
    private static final Map<String, String> SUB = Map.of(
            "%%PORTEXAMPLES%%", "",
            "%%EXAMPLESDIR%%", "share/examples/pdsup",
            "%%ETCDIR%%", "etc/pdsupd");

    private PkgPlist() {
    }

    static Set<String> files(Path plist) throws IOException {
        Set<String> files = new TreeSet<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(plist)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("@sample ")) {
                line = line.substring("@sample ".length()).strip();
            } else if (line.startsWith("@")) {
                continue;
            }
            for (Map.Entry<String, String> e : SUB.entrySet()) line = line.replace(e.getKey(), e.getValue());
            if (line.contains("%%")) {
                throw new IllegalArgumentException(plist + ":" + lineNo + ": unknown substitution in '" + raw + "'");
            }
            if (line.startsWith("share/man/") && line.endsWith(".gz")) line = line.substring(0, line.length() - 3);
            if (!files.add(line)) throw new IllegalArgumentException(plist + ":" + lineNo + ": listed twice: " + line);
        }
        return files;
    }
}
