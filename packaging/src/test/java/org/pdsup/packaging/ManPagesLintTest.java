package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code mandoc -Tlint} (Debian's) on every man page of the repository: one test per page. The only message
 * tolerated is "referenced manual not found", which depends on the pages installed on the machine (Debian has no
 * pdfork(2), kqueue(2) or daemon(8)), not on ours.
 */
class ManPagesLintTest {

    @TestFactory
    Stream<DynamicTest> everyManPageIsLintClean() throws Exception {
        String mandoc = Run.tool("mandoc", "mandoc");
        Path repo = Build.repo();
        List<Path> pages = RepoFiles.manPages(repo);
        assertThat(pages).extracting(p -> repo.relativize(p).toString()).contains("packaging/src/man/pdsupd.8");
        return pages.stream().map(page -> DynamicTest.dynamicTest(repo.relativize(page).toString(), () -> {
            Run.Result r = Run.run(List.of(mandoc, "-Tlint", page.toString()));
            String findings = (r.out() + r.err()).lines()
                    .filter(l -> !l.contains("referenced manual not found"))
                    .filter(l -> !l.contains("mandoc.db"))
                    .collect(Collectors.joining("\n"));
            assertThat(findings).as("mandoc -Tlint %s", page).isEmpty();
            assertThat(r.exit()).as("mandoc exit status (2 = warnings, 3+ = errors): %s", r.describe())
                    .isLessThanOrEqualTo(1);
        }));
    }
}
