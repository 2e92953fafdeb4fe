package org.essaim.security;

import org.essaim.db.Tables;
import org.essaim.ldap.StaffAccounts;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;

/**
 * The platform requires two steps of staff: a staff member who has not enrolled is taken to enrolment right after
 * the password and reaches nothing else until done; the API refuses their password alone; another staff member
 * resets their second step (audited), and one cannot reset one's own.
 */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.two-step.required-for-staff=true",
            "essaim.bootstrap.staff-password=" + StaffTwoStepTest.PASSWORD
        })
class StaffTwoStepTest {

    static final String PASSWORD = "a-long-staff-password-for-two-steps";
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @LocalServerPort
    int port;

    @AfterEach
    void resetClockAndEnrolments() {
        clock.reset();
        // Every test context shares the database: other tests sign in as admin with the password alone.
        db.deleteFrom(Tables.TWO_STEP_SECRET)
                .where(Tables.TWO_STEP_SECRET.ACCOUNT.in("admin", "bruno"))
                .execute();
    }

    @Test
    void staffEnrolBeforeAnythingElseAndAnotherStaffMemberResetsThem() {
        Staff.ensure(staffAccounts, "bruno", "Bruno", PASSWORD);
        WebClient admin = new WebClient(port);
        assertThat(admin.signIn("admin", PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        for (String path : new String[] {"/staff", "/staff/applications", "/actuator/info", "/two-step"}) {
            assertThat(admin.get(path).headers().firstValue("Location"))
                    .as(path)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login/two-step"));
        }
        assertThat(new WebClient(port)
                        .getWithBasic("/api/v1/staff/campaigns", "admin", PASSWORD)
                        .statusCode())
                .as("the API's password alone")
                .isEqualTo(401);
        byte[] secret =
                secret(admin.get("/login/two-step", "Accept-Language", "en").body());
        HttpResponse<String> codes = admin.submit(
                "/login/two-step",
                "/login/two-step/confirm",
                Map.of("code", Totp.code(secret, Totp.step(clock.instant()))));
        assertThat(codes.statusCode()).isEqualTo(200);
        assertThat(admin.get("/login/two-step/continue").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/staff"));
        assertThat(admin.get("/staff").statusCode()).isEqualTo(200);
        assertThat(admin.get("/staff/two-step", "Accept-Language", "fr").body())
                .contains("La plateforme exige la connexion en deux étapes");

        // Bruno enrols too, then loses his phone: the admin resets him.
        clock.advance(Duration.ofSeconds(30));
        WebClient bruno = new WebClient(port);
        bruno.signIn("bruno", PASSWORD);
        byte[] brunoSecret = secret(bruno.get("/login/two-step").body());
        bruno.submit(
                "/login/two-step",
                "/login/two-step/confirm",
                Map.of("code", Totp.code(brunoSecret, Totp.step(clock.instant()))));
        assertThat(bruno.submit("/staff/two-step", "/staff/two-step/reset", Map.of("uid", "bruno"))
                        .statusCode())
                .as("not one's own")
                .isEqualTo(400);
        assertThat(admin.submit("/staff/two-step", "/staff/two-step/reset", Map.of("uid", "bruno"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(db.fetchCount(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("member.two-step-reset"),
                        AUDIT_EVENT.TARGET.eq("staff:bruno"),
                        AUDIT_EVENT.ACTOR.eq("admin")))
                .isEqualTo(1);
        WebClient brunoAgain = new WebClient(port);
        brunoAgain.signIn("bruno", PASSWORD);
        assertThat(brunoAgain.get("/login/two-step").body()).as("enrols afresh").contains("id=\"required\"");
        assertThat(admin.submit("/staff/two-step", "/staff/two-step/reset", Map.of("uid", "nobody"))
                        .statusCode())
                .isEqualTo(400);
    }

    private static byte[] secret(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("the key is on the page").isTrue();
        return Totp.fromBase32(matcher.group(1).replace(" ", ""));
    }
}
