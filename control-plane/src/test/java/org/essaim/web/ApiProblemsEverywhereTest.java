package org.essaim.web;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every 4xx and 5xx under {@code /api/} is {@code application/problem+json} whose {@code status} is the answer's
 * (issue 14, item 2). The operations are read from the application's handler mappings, so a new one is covered
 * without touching this test; each is called without credentials, with a staff account and an unreadable body, with
 * an empty object, with unknown identifiers and with a method it does not take.
 */
@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + BadInputTest.PASSWORD)
class ApiProblemsEverywhereTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyErrorOfEveryOperationIsProblemJson() {
        Set<String> operations = operations();
        assertThat(operations)
                .as("API operations found in the handler mappings")
                .hasSizeGreaterThan(20)
                .contains("POST /api/v1/applications", "GET /api/v1/staff/spaces/{slug}/storage");

        String[] staff = WebClient.basic("admin", BadInputTest.PASSWORD);
        WebClient client = new WebClient(port);
        List<String> wrong = new ArrayList<>();
        int errors = 0;
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "0");
            List<HttpResponse<String>> answers = List.of(
                    client.sendJson(method, path, "{}", "Accept", "application/json"),
                    client.sendJson(method, path, "{", "Accept", "application/json", staff[0], staff[1]),
                    client.sendJson(method, path, "{}", "Accept", "application/json", staff[0], staff[1]),
                    client.sendJson(
                            method.equals("DELETE") ? "PATCH" : "DELETE",
                            path,
                            "{}",
                            "Accept",
                            "application/json",
                            staff[0],
                            staff[1]));
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() >= 400) {
                    errors++;
                    check(answer, wrong);
                }
            }
        }
        for (String path : List.of(
                "/api/v1/none-such",
                "/api/v1/staff/none-such",
                "/api/v1/staff/applications?q=%00",
                "/api/v1/staff/spaces/none-such/storage")) {
            HttpResponse<String> answer = client.get(path, "Accept", "application/json", staff[0], staff[1]);
            assertThat(answer.statusCode()).as(path).isBetween(400, 499);
            errors++;
            check(answer, wrong);
        }
        assertThat(errors).as("errors provoked").isGreaterThan(operations.size());
        assertThat(wrong).isEmpty();
    }

    @Test
    void anUnknownSpacesStorageIsANotFoundProblem() {
        HttpResponse<String> answer = new WebClient(port)
                .get("/api/v1/staff/spaces/none-such/storage", WebClient.basic("admin", BadInputTest.PASSWORD));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("type").asString())
                .isEqualTo("https://essaim.org/problems/not-found");
    }

    private Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    operations.add(method.name() + " " + pattern);
                }
            }
        }
        return operations;
    }

    private static void check(HttpResponse<String> answer, List<String> wrong) {
        String what =
                answer.request().method() + " " + answer.request().uri().getRawPath() + " -> " + answer.statusCode();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            wrong.add(what + " as " + type + ": " + answer.body());
            return;
        }
        JsonNode problem = JSON.readTree(answer.body());
        if (problem.path("status").asInt() != answer.statusCode()
                || !problem.hasNonNull("type")
                || !problem.hasNonNull("title")) {
            wrong.add(what + " with " + answer.body());
        }
    }
}
