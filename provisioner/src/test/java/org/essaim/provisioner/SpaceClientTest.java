package org.essaim.provisioner;

import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The control plane's client before it follows the spaces: it reads one Space by name (its RBAC's get). */
class SpaceClientTest {

    @Test
    void beforeStartASpaceIsReadFromTheApiByName() {
        try (MockCluster cluster = new MockCluster();
                SpaceClient spaces = new SpaceClient(cluster.controlPlane, MockCluster.NAMESPACE, SpaceEvents.NONE)) {
            spaces.apply(SpaceSpec.of("asso", "Association"));

            assertThat(spaces.space("asso"))
                    .hasValueSatisfying(
                            space -> assertThat(space.getSpec().displayName()).isEqualTo("Association"));
            assertThat(spaces.status("asso"))
                    .as("no provisioner has written a status yet")
                    .isEmpty();
            assertThat(spaces.space("other")).isEmpty();
            assertThat(cluster.api.count("GET")).isEqualTo(3);
        }
    }
}
