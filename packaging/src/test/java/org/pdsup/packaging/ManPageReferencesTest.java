package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual pages are written for FreeBSD first (issue 16): every {@code .Xr NAME SECTION} names a page the
 * tarball ships or one that FreeBSD's base system has, and all pages carry the same {@code .Dd} date. mandoc on
 * Debian cannot tell (it tolerates any reference it does not find, and Debian has no pdfork(2)), so the FreeBSD
 * pages referenced are listed here, each with the freebsd-src file that installs it.
 */
class ManPageReferencesTest {
    /**
     * Pages of FreeBSD's base system referenced by pdsup's pages: NAME(SECTION) to the freebsd-src file providing it
     * (an MLINK where noted, from the Makefile.inc of that directory). Checked with the stored freebsd-src index
     * (find_files): each path exists there.
     */
    static final Map<String, String> FREEBSD_PAGES = Map.ofEntries(
            Map.entry("daemon(8)", "usr.sbin/daemon/daemon.8"),
            Map.entry("getgrnam(3)", "lib/libc/gen/getgrent.3 (MLINK getgrent.3 getgrnam.3)"),
            Map.entry("getpwnam(3)", "lib/libc/gen/getpwent.3 (MLINK getpwent.3 getpwnam.3)"),
            Map.entry("kill(1)", "bin/kill/kill.1"),
            Map.entry("kqueue(2)", "lib/libc/sys/kqueue.2"),
            Map.entry("login.conf(5)", "lib/libutil/login.conf.5"),
            Map.entry("newsyslog(8)", "usr.sbin/newsyslog/newsyslog.8"),
            Map.entry("nohup(1)", "usr.bin/nohup/nohup.1"),
            Map.entry("pdfork(2)", "lib/libc/sys/pdfork.2"),
            Map.entry("posix_spawn(3)", "lib/libc/gen/posix_spawn.3"),
            Map.entry("procctl(2)", "lib/libc/sys/procctl.2"),
            Map.entry("rc(8)", "share/man/man8/rc.8"),
            Map.entry("rc.conf(5)", "share/man/man5/rc.conf.5"),
            Map.entry("rc.subr(8)", "share/man/man8/rc.subr.8"),
            Map.entry("rfork(2)", "lib/libc/sys/rfork.2"),
            Map.entry("service(8)", "usr.sbin/service/service.8"),
            Map.entry("setgroups(2)", "lib/libc/sys/setgroups.2"),
            Map.entry("setlogin(2)", "lib/libc/sys/getlogin.2 (MLINK getlogin.2 setlogin.2)"),
            Map.entry("ssh(1)", "crypto/openssh/ssh.1 (installed by secure/usr.bin/ssh)"),
            Map.entry("setusercontext(3)", "lib/libutil/login_class.3 (MLINK login_class.3 setusercontext.3)"),
            Map.entry("syslog(3)", "lib/libc/gen/syslog.3"),
            Map.entry("write(2)", "lib/libc/sys/write.2"));

    private static final Pattern XR = Pattern.compile("(?:^\\.|\\s)Xr\\s+(\\S+)\\s+([1-9][a-z]*)");
    private static final Pattern DD = Pattern.compile("(?m)^\\.Dd\\s+(.+)$");
    private static final DateTimeFormatter MDOC_DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);

    @TempDir
    static Path prefix;
    static Set<String> tarballPages;

    @BeforeAll
    static void unpack() throws Exception {
        Tarball.unpack(prefix);
        tarballPages = new TreeSet<>();
        for (String f : Tarball.files(prefix)) {
            Matcher m = Pattern.compile("share/man/man[1-9]/(.+)\\.([1-9][a-z]*)").matcher(f);
            if (m.matches()) tarballPages.add(m.group(1) + "(" + m.group(2) + ")");
        }
    }

    /** Every NAME(SECTION) a page references, each with the line it is on. */
    static Map<String, List<Integer>> references(String page) {
        Map<String, List<Integer>> refs = new TreeMap<>();
        String[] lines = page.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith(".") || lines[i].startsWith(".\\\"")) continue;
            Matcher m = XR.matcher(lines[i]);
            while (m.find()) refs.computeIfAbsent(m.group(1) + "(" + m.group(2) + ")", k -> new ArrayList<>()).add(i + 1);
        }
        return refs;
    }

    /** The references of a page that name neither a page of the tarball nor one of FreeBSD's. */
    static List<String> unknownReferences(String page, Set<String> shipped) {
        List<String> unknown = new ArrayList<>();
        references(page).forEach((ref, lines) -> {
            if (!shipped.contains(ref) && !FREEBSD_PAGES.containsKey(ref)) unknown.add(ref + " at lines " + lines);
        });
        return unknown;
    }

    @Test
    void everyXrNamesAPageOfTheTarballOrOfFreeBsd() throws Exception {
        assertThat(tarballPages).contains("pdsupd(8)", "pdctl(8)", "pdsupd.conf(5)");
        List<Path> pages = RepoFiles.manPages(Build.repo());
        assertThat(pages).isNotEmpty();
        int seen = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            seen += references(text).size();
            assertThat(unknownReferences(text, tarballPages)).as("references of %s that FreeBSD does not have",
                    Build.repo().relativize(page)).isEmpty();
        }
        assertThat(seen).as("references found (the parser must see them)").isGreaterThan(10);
    }

    @Test
    void theCheckRefusesLinuxOnlyPages() {
        String page = ".Dd December 7, 2026\n.Sh SEE ALSO\n.Xr kqueue 2 ,\n.Xr epoll 7 ,\n.Pq see Xr signalfd 2\n";
        assertThat(unknownReferences(page, tarballPages)).containsExactly("epoll(7) at lines [4]",
                "signalfd(2) at lines [5]");
    }

    @Test
    void allPagesCarryTheSameValidDate() throws Exception {
        Map<String, String> dates = new TreeMap<>();
        for (Path page : RepoFiles.manPages(Build.repo())) {
            Matcher m = DD.matcher(Files.readString(page));
            assertThat(m.find()).as("%s has a .Dd line", page).isTrue();
            String date = m.group(1).strip();
            LocalDate.parse(date, MDOC_DATE); // "Month D, YYYY" as mdoc(7) wants it
            dates.put(Build.repo().relativize(page).toString(), date);
        }
        assertThat(dates).containsKey("packaging/src/man/pdsupd.conf.5");
        assertThat(Set.copyOf(dates.values())).as(".Dd of every page: %s", dates).hasSize(1);
    }
}
