package org.essaim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** What no controller answers under {@code /api/} (a filter's error, an uncaught failure) is problem+json too. */
class ApiFailureFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StaticMessageSource messages = new StaticMessageSource();
    private final ApiFailureFilter filter = new ApiFailureFilter(new Problems(messages), JSON);

    @Test
    void anUncaughtFailureIsAServerErrorProblem() throws Exception {
        messages.addMessage("problem.server-error.title", Locale.getDefault(), "Server error");
        MockHttpServletResponse response = run("/api/v1/staff/spaces", (request, ignored) -> {
            throw new IllegalStateException("the database went away");
        });
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.get("type").asString()).isEqualTo("https://essaim.org/problems/server-error");
        assertThat(problem.get("title").asString()).isEqualTo("Server error");
        assertThat(problem.get("status").asInt()).isEqualTo(500);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/staff/spaces");
        assertThat(response.getContentAsString()).doesNotContain("database");
    }

    @Test
    void anErrorSentByAFilterIsAProblem() throws Exception {
        MockHttpServletResponse response =
                run("/api/v1/staff/applications", (request, sent) -> ((HttpServletResponse) sent).sendError(400));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.getContentAsString()).get("type").asString())
                .isEqualTo("https://essaim.org/problems/bad-request");
    }

    @Test
    void pagesAreLeftToTheErrorPage() throws Exception {
        MockHttpServletResponse response =
                run("/staff/applications", (request, sent) -> ((HttpServletResponse) sent).sendError(400));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isNull();
        assertThat(response.getErrorMessage()).isNull();
        assertThat(response.isCommitted()).isTrue();
    }

    private MockHttpServletResponse run(String path, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
