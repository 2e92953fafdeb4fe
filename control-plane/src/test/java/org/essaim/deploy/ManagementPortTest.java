package org.essaim.deploy;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as the Helm chart configures it (the three settings HelmChartTest finds in the Deployment): metrics,
 * health and the OpenAPI document answer on the management port only (reachable from inside the cluster, as the
 * metrics are); the public port serves none of them.
 */
@EssaimTest
@TestPropertySource(
        properties = {
            "management.server.port=0",
            "springdoc.use-management-port=true",
            "management.endpoints.web.exposure.include=health,prometheus,openapi"
        })
class ManagementPortTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void metricsHealthAndTheApiDocumentAreOnTheManagementPortOnly() {
        WebClient management = new WebClient(managementPort);
        HttpResponse<String> document = management.get("/actuator/openapi");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\"").contains("/api/v1/staff/applications");
        assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        WebClient public_ = new WebClient(port);
        for (String path :
                new String[] {"/v3/api-docs", "/actuator/prometheus", "/actuator/openapi", "/actuator/health"}) {
            assertThat(public_.get(path).statusCode()).as(path).isIn(401, 403, 404);
            assertThat(public_.get(path).body())
                    .as(path)
                    .doesNotContain("\"openapi\"")
                    .doesNotContain("jvm_");
        }
    }
}
