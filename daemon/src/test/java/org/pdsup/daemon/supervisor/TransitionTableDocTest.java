package org.pdsup.daemon.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/architecture.md shows the transition table of {@link Transitions} as it is in the code. */
class TransitionTableDocTest {
    static final String BEGIN = "<!-- transition table: begin (generated from supervisor/Transitions.java) -->";
    static final String END = "<!-- transition table: end -->";

    @Test
    void theArchitectureDocumentShowsTheTableOfTheCode() throws Exception {
        Path doc = Path.of("..", "docs", "architecture.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("%s has the marker %s", doc, BEGIN).isNotNegative();
        assertThat(end).as("%s has the marker %s", doc, END).isGreaterThan(begin);
        String shown = text.substring(begin + BEGIN.length(), end).strip();
        assertThat(shown).as("the table in %s; paste the expected text between the markers", doc)
                .isEqualTo(Transitions.markdown().strip());
    }
}
