package org.essaim.upgrade;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cutting the fleet into a canary and growing waves. */
class WavePlanTest {

    @Test
    void aCanaryThenWavesGrowingByTheFactorTheLastTakingWhatIsLeft() {
        assertThat(new WavePlan(10, 4).sizes(10_000)).containsExactly(10, 40, 160, 640, 2560, 6590);
        assertThat(new WavePlan(10, 4).sizes(7)).containsExactly(7);
        assertThat(new WavePlan(10, 4).sizes(50)).containsExactly(10, 40);
        assertThat(new WavePlan(10, 4).sizes(51)).containsExactly(10, 40, 1);
        assertThat(new WavePlan(3, 1).sizes(10)).containsExactly(3, 3, 3, 1);
        assertThat(new WavePlan(10, 4).sizes(0)).isEmpty();
    }

    @Test
    void everySpaceIsInExactlyOneWaveInTheOrderGiven() {
        for (int total : List.of(0, 1, 9, 10, 11, 213, 10_000)) {
            List<Integer> spaces = IntStream.range(0, total).boxed().toList();
            List<List<Integer>> waves = new WavePlan(10, 4).split(spaces);
            assertThat(waves.stream().flatMap(List::stream).toList())
                    .as(total + " spaces")
                    .isEqualTo(spaces);
            Set<Integer> seen = new HashSet<>();
            waves.forEach(
                    wave -> wave.forEach(space -> assertThat(seen.add(space)).isTrue()));
            if (total > 0) {
                assertThat(waves.getFirst()).hasSize(Math.min(10, total));
            }
        }
    }

    @Test
    void theCanaryIsANumberOfSpacesOrAShareOfTheFleet() {
        assertThat(WavePlan.canarySize("10", 10_000)).isEqualTo(10);
        assertThat(WavePlan.canarySize("1%", 10_000)).isEqualTo(100);
        assertThat(WavePlan.canarySize("1%", 150)).as("rounded up").isEqualTo(2);
        assertThat(WavePlan.canarySize("1%", 3)).as("at least one").isEqualTo(1);
        assertThat(WavePlan.canarySize("0.5 %", 1000)).isEqualTo(5);
        assertThatThrownBy(() -> WavePlan.canarySize("ten", 100)).hasMessageContaining("not 'ten'");
        assertThatThrownBy(() -> WavePlan.canarySize("0", 100)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> WavePlan.canarySize("150%", 100)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new WavePlan(1, 0)).hasMessageContaining("growth must be at least 1");
    }
}
