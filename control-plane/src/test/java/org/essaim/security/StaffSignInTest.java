package org.essaim.security;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + StaffSignInTest.PASSWORD)
class StaffSignInTest {

    static final String PASSWORD = "correct-horse-battery-staple";

    @LocalServerPort
    int port;

    @Test
    void staffSignsInWithTheDirectoryPasswordAndReachesTheConsole() {
        WebClient browser = new WebClient(port);

        HttpResponse<String> signIn = browser.signIn("admin", PASSWORD);

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/staff"));
        HttpResponse<String> console = browser.get("/staff", "Accept-Language", "en");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Welcome, admin.").contains("No Kubernetes cluster is configured");
    }

    @Test
    void aWrongOrEmptyPasswordIsRefused() {
        WebClient browser = new WebClient(port);

        assertThat(browser.signIn("admin", "not-the-password").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=credentials"));
        assertThat(browser.signIn("admin", "").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=credentials"));
        assertThat(browser.signIn("nobody", PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=credentials"));
        assertThat(browser.signIn("admin,ou=staff", PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=credentials"));
        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }

    @Test
    void theWrongPasswordMessageIsShownInTheVisitorsLanguage() {
        WebClient browser = new WebClient(port);
        browser.signIn("admin", "nope");

        assertThat(browser.get("/login?error=credentials", "Accept-Language", "fr")
                        .body())
                .contains("Identifiant ou mot de passe incorrect.");
        assertThat(browser.get("/login?error=credentials", "Accept-Language", "en")
                        .body())
                .contains("Wrong user name or password.");
    }

    @Test
    void repeatedFailuresForOneAccountFromOneAddressAreThrottledOnPagesAndApi() {
        String account = "guess-" + UUID.randomUUID().toString().substring(0, 8);
        WebClient attacker = new WebClient(port);
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(attacker.signIn(account, "guess-" + attempt).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error=credentials"));
        }

        assertThat(attacker.signIn(account, "guess-11").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/login?error=throttled&who=account&minutes="));
        HttpResponse<String> api = attacker.getWithBasic("/api/v1/staff/me", account, "guess-12");
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(api.body()).contains("Too many failed sign-ins for this account");
        assertThat(api.headers().firstValue("Retry-After")).isPresent();
        assertThat(attacker.get("/login?error=throttled", "Accept-Language", "fr")
                        .body())
                .contains("Trop de tentatives de connexion échouées");
        assertThat(new WebClient(port).signIn("admin", PASSWORD).headers().firstValue("Location"))
                .as("other accounts are unaffected")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/staff"));
    }

    @Test
    void theApiNeverAsksABrowserForCredentials() {
        HttpResponse<String> anonymous = new WebClient(port).get("/api/v1/staff/me");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .as("a Basic challenge would make browsers prompt and cache credentials")
                .isEmpty();
    }

    @Test
    void signingInWithoutTheFormsCsrfTokenIsForbidden() {
        WebClient browser = new WebClient(port);
        browser.get("/login");

        HttpResponse<String> forged = browser.postForm("/login", Map.of("username", "admin", "password", PASSWORD));

        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void staffPagesSendAnonymousVisitorsToTheSignInPage() {
        HttpResponse<String> response = new WebClient(port).get("/staff");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        WebClient browser = new WebClient(port);
        HttpResponse<String> signIn = browser.signIn("admin", PASSWORD);

        List<String> cookies = signIn.headers().allValues("Set-Cookie");
        assertThat(cookies)
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith("ESSAIM_SESSION=")
                        .contains("HttpOnly")
                        .contains("SameSite=Lax"));
    }

    @Test
    void pagesAndApiForbidEveryOtherHostInTheirContentSecurityPolicy() {
        WebClient browser = new WebClient(port);
        for (HttpResponse<String> response : List.of(
                browser.get("/"), browser.get("/login"), browser.getWithBasic("/api/v1/staff/me", "admin", PASSWORD))) {
            // The sign-in page's form may end at one of the space's apps (single sign-on: SingleSignOnBrowserTest);
            // nothing else may come from or go to another host.
            String formAction = response.uri().getPath().equals("/login")
                    ? "form-action 'self' https: http:;"
                    : "form-action 'self';";
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains(formAction)
                            .contains("default-src 'self'")
                            .contains("script-src 'self'")
                            .contains("frame-ancestors 'none'")
                            .satisfies(all ->
                                    assertThat(all.replace(formAction, "")).doesNotContain("http"))
                            .doesNotContain("*")
                            .doesNotContain("unsafe"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    @Test
    void theStaffApiTakesTheSameCredentialsOverHttpBasic() {
        WebClient client = new WebClient(port);

        HttpResponse<String> me = client.getWithBasic("/api/v1/staff/me", "admin", PASSWORD);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"uid\":\"admin\"");
        assertThat(me.headers().allValues("Set-Cookie"))
                .as("the API is stateless")
                .isEmpty();

        HttpResponse<String> wrong = client.getWithBasic("/api/v1/staff/me", "admin", "wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(wrong.body()).contains("\"status\":401");

        assertThat(client.get("/api/v1/staff/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aSignedInBrowserSessionDoesNotOpenTheApi() {
        WebClient browser = new WebClient(port);
        browser.signIn("admin", PASSWORD);

        assertThat(browser.get("/api/v1/staff/me").statusCode())
                .as("the API only takes HTTP Basic, so a cookie cannot be abused across sites")
                .isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSession() {
        WebClient browser = new WebClient(port);
        browser.signIn("admin", PASSWORD);
        assertThat(browser.get("/staff").statusCode()).isEqualTo(200);

        browser.submit("/staff", "/logout", Map.of());

        assertThat(browser.get("/staff").statusCode()).isEqualTo(302);
    }
}
