package org.essaim.member;

import org.essaim.ldap.SpacePerson;
import org.essaim.space.SpaceLifecycle;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.JOIN_LINK;
import static org.essaim.db.Tables.MEMBER_INVITATION;
import static org.essaim.db.Tables.SPACE;

/**
 * A suspended space takes no writes: every request that may change something (each found in Spring's request
 * mappings, so a new write path is covered without touching this test), sent by its signed-in admin on pages and on
 * the API, is refused with 409 and says why, and nothing changes; its people still sign in, read and export, and see
 * why on every page; invitations cannot be accepted and the join link takes no sign-ups.
 */
@EssaimTest
class SuspendedSpaceTest extends SpaceTestSupport {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern JOIN = Pattern.compile("/join/([A-Za-z0-9_-]{43})");
    /** Writes a space account may always make, and the staff's own doors (refused to space accounts anyway). */
    private static final Set<String> NOT_SPACE_WRITES = Set.of("/login", "/logout");

    @Autowired
    SpaceLifecycle lifecycle;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Endpoint(String method, String pattern) {}

    @Test
    void aSuspendedSpaceTakesNoWriteFromItsAdminOnAnyPageOrCall() {
        String slug = fixtures.spaceWithAdmin("susp");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String guest = "guest-" + slug + "@example.org";
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", guest));
        String invitationToken = fixtures.invitationToken(guest);
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of());
        Matcher join =
                JOIN.matcher(admin.get("/spaces/" + slug + "/invitations").body());
        assertThat(join.find()).isTrue();
        String joinToken = join.group(1);
        long invitation = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(guest));

        lifecycle.suspend(slug, "admin");
        List<SpacePerson> people = spaceMembers.list(slug);
        var invitations = db.selectFrom(MEMBER_INVITATION)
                .where(MEMBER_INVITATION.EMAIL.like("%" + slug + "%"))
                .orderBy(MEMBER_INVITATION.ID)
                .fetch();
        var space = db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).fetchOne();
        // What admins decide (provisioning keeps writing its own status meanwhile).
        var decided = db.select(
                        SPACE.DISPLAY_NAME,
                        SPACE.OFFICE_SUITE,
                        SPACE.EVENTS_ENABLED,
                        SPACE.FORUM_ENABLED,
                        SPACE.ACCOUNT_QUOTA,
                        SPACE.STORAGE_QUOTA_GIB,
                        SPACE.SUSPENDED)
                .from(SPACE)
                .where(SPACE.SLUG.eq(slug));
        var settings = decided.fetchOne();
        var joinLinks = db.selectFrom(JOIN_LINK)
                .where(JOIN_LINK.SPACE_ID.eq(space.getId()))
                .fetch();
        int audit = db.fetchCount(AUDIT_EVENT);

        WebClient signedIn = fixtures.signedIn(slug, "camille.referente"); // signing in still works
        String csrf = WebClient.csrfToken(signedIn.get("/spaces/" + slug).body());
        String[] basic = WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD);
        List<Endpoint> writes = writes();
        assertThat(writes)
                .extracting(Endpoint::pattern)
                .contains(
                        "/spaces/{slug}/invitations",
                        "/spaces/{slug}/members",
                        "/spaces/{slug}/members/{uid}/{action}",
                        "/spaces/{slug}/settings",
                        "/spaces/{slug}/join-link",
                        "/spaces/{slug}/import",
                        "/profile/password",
                        "/api/v1/spaces/{slug}/members",
                        "/api/v1/spaces/{slug}/invitations",
                        "/api/v1/spaces/{slug}/members/import");
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : writes) {
            String path = fill(endpoint.pattern(), slug, invitation);
            boolean staff = path.startsWith("/staff/") || path.startsWith("/api/v1/staff/");
            HttpResponse<String> answer = path.startsWith("/api/")
                    ? signedIn.sendJson(
                            endpoint.method(),
                            path,
                            "{\"emails\": [\"x@example.org\"], "
                                    + "\"displayName\": \"X\", \"email\": \"x@example.org\"}",
                            SpaceFixtures.concat(basic, "Accept-Language", "en"))
                    : signedIn.postForm(
                            path,
                            Map.of(
                                    "_csrf",
                                    csrf,
                                    "emails",
                                    "x@example.org",
                                    "displayName",
                                    "X",
                                    "email",
                                    "x@example.org",
                                    "officeSuite",
                                    "ONLYOFFICE",
                                    "password",
                                    "x",
                                    "confirmation",
                                    "x",
                                    "currentPassword",
                                    SpaceFixtures.PASSWORD,
                                    "newPassword",
                                    "another long passphrase 93"));
            int expected = staff ? 403 : 409;
            if (answer.statusCode() != expected) {
                wrong.add(endpoint.method() + " " + path + " answered " + answer.statusCode() + ", not " + expected);
            } else if (!staff && path.startsWith("/api/")) {
                if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        || !answer.body().contains("problems/space-suspended")
                        || !answer.body().contains("is suspended by Essaim")) {
                    wrong.add(endpoint.method() + " " + path + " answered " + answer.body());
                }
            } else if (!staff && !answer.body().contains("Rien n’a été modifié : cet espace est suspendu")) {
                wrong.add(endpoint.method() + " " + path + " did not say why: " + answer.body());
            }
        }
        assertThat(wrong).isEmpty();

        assertThat(spaceMembers.list(slug)).as("people untouched").isEqualTo(people);
        assertThat(db.selectFrom(MEMBER_INVITATION)
                        .where(MEMBER_INVITATION.EMAIL.like("%" + slug + "%"))
                        .orderBy(MEMBER_INVITATION.ID)
                        .fetch())
                .as("invitations untouched")
                .isEqualTo(invitations);
        assertThat(decided.fetchOne()).as("settings untouched").isEqualTo(settings);
        assertThat(db.selectFrom(JOIN_LINK)
                        .where(JOIN_LINK.SPACE_ID.eq(space.getId()))
                        .fetch())
                .isEqualTo(joinLinks);
        assertThat(db.fetchCount(AUDIT_EVENT))
                .as("nothing done, nothing audited")
                .isEqualTo(audit);

        // Reading and exporting still work, and every page says why in the reader's language.
        HttpResponse<String> overview = signedIn.get("/spaces/" + slug, "Accept-Language", "en");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"suspended-banner\"").contains("is suspended by Essaim’s staff");
        assertThat(signedIn.get("/spaces/" + slug + "/members").body())
                .contains("id=\"suspended-banner\"")
                .contains("est suspendu par l’équipe d’Essaim");
        assertThat(signedIn.get("/profile").body()).contains("id=\"suspended-banner\"");
        assertThat(signedIn.get("/spaces/" + slug + "/members/export.csv").statusCode())
                .isEqualTo(200);
        assertThat(signedIn.get("/api/v1/spaces/" + slug + "/members", basic).statusCode())
                .isEqualTo(200);
        HttpResponse<String> refusedInEnglish = signedIn.postForm(
                "/spaces/" + slug + "/invitations?lang=en", Map.of("_csrf", csrf, "emails", "y@example.org"));
        assertThat(refusedInEnglish.body()).contains("Nothing was changed: this space is suspended");

        // Nobody joins: the invitation cannot be accepted, the join link takes no sign-up.
        WebClient visitor = new WebClient(port);
        assertThat(visitor.get("/invitations/" + invitationToken).body())
                .contains("ne peuvent pas être acceptées")
                .doesNotContain("name=\"password\"");
        HttpResponse<String> accepted = fixtures.accept(invitationToken, "Guest Person", "a long enough passphrase 71");
        assertThat(accepted.statusCode()).isEqualTo(409);
        assertThat(accepted.body()).contains("ne peuvent pas être acceptées");
        assertThat(visitor.get("/join/" + joinToken).body()).contains("ne reçoit pas de demandes");
        HttpResponse<String> asked = visitor.submit(
                "/login",
                "/join/" + joinToken,
                Map.of("displayName", "Jo Nas", "email", "jo-" + slug + "@example.org"));
        assertThat(asked.statusCode()).isEqualTo(409);
        assertThat(db.fetchCount(MEMBER_INVITATION, MEMBER_INVITATION.EMAIL.eq("jo-" + slug + "@example.org")))
                .isZero();
        assertThat(spaceMembers.list(slug)).isEqualTo(people);

        // Resumed, it takes writes again.
        lifecycle.resume(slug, "admin");
        HttpResponse<String> invited = signedIn.postForm(
                "/spaces/" + slug + "/invitations", Map.of("_csrf", csrf, "emails", "after-" + slug + "@example.org"));
        assertThat(invited.statusCode()).isEqualTo(302);
        assertThat(signedIn.get("/spaces/" + slug).body()).doesNotContain("suspended-banner");
    }

    /** Every (method, pattern) that may change something: all but GET, HEAD and OPTIONS, as the rule says. */
    private List<Endpoint> writes() {
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (NOT_SPACE_WRITES.contains(pattern) || pattern.startsWith("/error")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.POST) : methods) {
                    if (method != RequestMethod.GET
                            && method != RequestMethod.HEAD
                            && method != RequestMethod.OPTIONS
                            && seen.add(method + " " + pattern)) {
                        endpoints.add(new Endpoint(method.name(), pattern));
                    }
                }
            }
        }
        return endpoints;
    }

    private static String fill(String pattern, String slug, long invitation) {
        boolean invitations = pattern.contains("/invitations/");
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "slug" -> slug;
                case "uid" -> "camille.referente";
                case "id", "runId" -> Long.toString(invitation);
                case "action" -> invitations ? "revoke" : "demote";
                default -> "x";
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }
}
