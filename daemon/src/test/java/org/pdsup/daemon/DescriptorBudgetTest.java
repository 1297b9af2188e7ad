package org.pdsup.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The descriptor budget counts every held listening socket ({@code services.NAME.sockets}). */
class DescriptorBudgetTest {
    @Test
    void heldSocketsAreCounted() {
        assertThat(DescriptorBudget.needed(10, 0)).isEqualTo(DescriptorBudget.needed(10));
        assertThat(DescriptorBudget.needed(10, 7) - DescriptorBudget.needed(10)).isEqualTo(7);
        assertThat(DescriptorBudget.needed(0)).isEqualTo(DescriptorBudget.BASE
                + (long) DescriptorBudget.PER_SPAWN * DescriptorBudget.SPAWNS);
    }
}
