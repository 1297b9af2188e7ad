package org.pdsup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void distances() {
        assertThat(EditDistance.between("restart", "restart")).isZero();
        assertThat(EditDistance.between("restrat", "restart")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestionsOnlyForLikelyTypos() {
        List<String> keys = List.of("restart", "requires", "ready", "user", "umask");
        assertThat(EditDistance.suggest("restrat", keys)).contains("restart");
        assertThat(EditDistance.suggest("requries", keys)).contains("requires");
        assertThat(EditDistance.suggest("usr", keys)).contains("user");
        assertThat(EditDistance.suggest("Ready", keys)).contains("ready");
        assertThat(EditDistance.suggest("frobnicate", keys)).isEmpty();
        assertThat(EditDistance.suggest("ab", keys)).isEmpty();
        assertThat(EditDistance.hint("x", List.of())).isEmpty();
    }
}
