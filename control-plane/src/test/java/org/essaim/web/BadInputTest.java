package org.essaim.web;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to end in a 500 (issue 12, item 7) is a 4xx with the usual error page or problem+json. */
@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + BadInputTest.PASSWORD)
class BadInputTest {

    // The same as StaffSignInTest's, so both share one application context.
    static final String PASSWORD = "correct-horse-battery-staple";

    @LocalServerPort
    int port;

    @Test
    void errorAskedForDirectlyIsNotFound() {
        HttpResponse<String> page = new WebClient(port).get("/error");
        assertThat(page.statusCode()).isEqualTo(404);
    }

    @Test
    void aNulInAFilterIsABadRequestOnPagesAndApi() {
        WebClient staff = new WebClient(port);
        staff.signIn("admin", PASSWORD);
        for (String path : new String[] {"/staff/applications?q=%00", "/staff/audit?actor=%00", "/staff/audit?target=%00",
                "/staff/spaces?after=%00"}) {
            assertThat(staff.get(path).statusCode()).as(path).isEqualTo(400);
        }
        HttpResponse<String> api = new WebClient(port).get("/api/v1/staff/applications?q=%00",
                WebClient.basic("admin", PASSWORD));
        assertThat(api.statusCode()).isEqualTo(400);
    }

    @Test
    void aDottedParameterNameOnAFormIsABadRequest() {
        HttpResponse<String> apply = new WebClient(port).submit("/apply", "/apply", Map.of("kind.x", "1"));
        assertThat(apply.statusCode()).isEqualTo(400);
        HttpResponse<String> forgotten = new WebClient(port).submit("/password/forgotten", "/password/forgotten",
                Map.of("email[0]", "a@example.org"));
        assertThat(forgotten.statusCode()).isEqualTo(400);
    }

    @Test
    void aLongSpaceAtSignInIsNotCopiedIntoTheRedirect() {
        HttpResponse<String> signIn = new WebClient(port).submit("/login", "/login",
                Map.of("space", "a".repeat(9000), "username", "x", "password", "y"));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).hasSizeLessThan(200));
    }

    @Test
    void numericIdsAreAsciiDigitsOnly() {
        String[] staff = WebClient.basic("admin", PASSWORD);
        WebClient api = new WebClient(port);
        for (String id : new String[] {"%201", "+1", "0x1", "%D9%A1", "%EF%BC%91", "-1", "1e0"}) {
            HttpResponse<String> close = api.sendJson("POST", "/api/v1/staff/campaigns/" + id + "/close", "{}", staff);
            assertThat(close.statusCode()).as(id).isEqualTo(400);
        }
    }
}
