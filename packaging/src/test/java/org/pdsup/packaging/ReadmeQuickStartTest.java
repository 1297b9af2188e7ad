package org.pdsup.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README matches the tarball: every path its commands name under packaging/target/pdsup exists in that
 * tree, and so does every path in the first column of its "What is in the tarball" table.
 */
class ReadmeQuickStartTest {
    private static final String TREE = "packaging/target/pdsup/";
    private static final Pattern TREE_PATH = Pattern.compile(Pattern.quote(TREE) + "([^\\s\"'`)<>|;&]*)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final String TABLE_SECTION = "## What is in the tarball";

    private static String readme() throws Exception {
        return Files.readString(Build.repoFile("README.md"));
    }

    @Test
    void everyPathTheReadmeCommandsNameInTheTreeExists() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher m = TREE_PATH.matcher(readme());
        while (m.find()) named.add(m.group(1).replaceAll("[.,:]+$", ""));
        assertThat(named).as("README.md runs nothing from %s: its quick start should use the built tree", TREE)
                .isNotEmpty();
        Path stage = Build.stage();
        assertThat(named).allSatisfy(rel -> assertThat(stage.resolve(rel))
                .as("README.md names %s%s", TREE, rel).exists());
    }

    @Test
    void everyPathOfTheReadmesTarballTableIsInTheTree() throws Exception {
        String readme = readme();
        int start = readme.indexOf(TABLE_SECTION);
        assertThat(start).as("README.md has no section '%s'", TABLE_SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + TABLE_SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> paths = new ArrayList<>();
        for (String row : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String firstCell = row.substring(1, row.indexOf('|', 1));
            Matcher m = CODE.matcher(firstCell);
            while (m.find()) paths.add(m.group(1));
        }
        assertThat(paths).as("paths in the table of '%s'", TABLE_SECTION).isNotEmpty();
        Path stage = Build.stage();
        assertThat(paths).allSatisfy(p -> assertThat(stage.resolve(p))
                .as("README.md's tarball table lists %s", p).exists());
    }
}
