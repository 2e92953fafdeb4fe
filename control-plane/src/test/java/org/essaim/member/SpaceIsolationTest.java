package org.essaim.member;

import org.essaim.ldap.SpacePerson;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.JOIN_LINK;
import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * Space A's admin against space B, on every endpoint that names a space: each one Spring knows of is found in its
 * request mappings (so a new endpoint cannot escape), called with B's real uids and ids, and must answer 404, as for
 * a space that does not exist. Staff pages answer space accounts as they answer them for a space that does not exist.
 */
@EssaimTest
class SpaceIsolationTest extends SpaceTestSupport {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    TransactionTemplate transaction;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Endpoint(String method, String pattern) {
    }

    @Test
    void anAdminOfOneSpaceFindsNothingOfAnother() {
        String a = fixtures.spaceWithAdmin("iso-a");
        String b = fixtures.spaceWithAdmin("iso-b");
        WebClient adminOfB = fixtures.signedIn(b, "camille.referente");
        adminOfB.submit("/spaces/" + b + "/invitations", "/spaces/" + b + "/invitations",
                Map.of("emails", "guest-" + b + "@example.org"));
        adminOfB.submit("/spaces/" + b + "/invitations", "/spaces/" + b + "/join-link", Map.of());
        long invitationOfB = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq("guest-" + b + "@example.org"));
        List<SpacePerson> peopleOfB = spaceMembers.list(b);

        WebClient adminOfA = fixtures.signedIn(a, "camille.referente");
        String csrf = WebClient.csrfToken(adminOfA.get("/spaces/" + a + "/invitations").body());
        String[] basic = WebClient.basic("camille.referente@" + a, SpaceFixtures.PASSWORD);

        List<Endpoint> endpoints = spaceScoped();
        assertThat(endpoints).extracting(Endpoint::pattern).contains("/spaces/{slug}/members",
                "/api/v1/spaces/{slug}/members", "/api/v1/spaces/{slug}/invitations", "/api/v1/spaces/{slug}/usage",
                "/spaces/{slug}/settings", "/spaces/{slug}/members/{uid}/{action}");
        List<String> leaks = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String path = fill(endpoint.pattern(), b, invitationOfB);
            boolean api = path.startsWith("/api/");
            boolean staffOnly = path.startsWith("/staff/") || path.startsWith("/api/v1/staff/");
            int status = call(endpoint.method(), path, api, adminOfA, csrf, basic);
            int expected = staffOnly ? call(endpoint.method(), fill(endpoint.pattern(), "no-such-space", 0), api,
                    adminOfA, csrf, basic) : 404;
            if (status != expected) {
                leaks.add(endpoint.method() + " " + path + " answered " + status + " instead of " + expected);
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(spaceMembers.list(b)).as("B untouched").isEqualTo(peopleOfB);
        assertThat(db.fetchValue(MEMBER_INVITATION.STATE, MEMBER_INVITATION.ID.eq(invitationOfB))).isEqualTo(InvitationState.PENDING);
        assertThat(db.fetchCount(JOIN_LINK)).isGreaterThanOrEqualTo(1);
    }

    /** Every (method, pattern) whose path names a space with {@code {slug}}. */
    private List<Endpoint> spaceScoped() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.contains("{slug}")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("GET", pattern));
                    endpoints.add(new Endpoint("POST", pattern));
                }
                methods.forEach(method -> endpoints.add(new Endpoint(method.name(), pattern)));
            }
        }
        return endpoints;
    }

    /** B's real values, so that a missing check would act on B rather than fail for want of a target. */
    private String fill(String pattern, String slug, long invitation) {
        boolean invitations = pattern.contains("/invitations/");
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = switch (name) {
                case "slug" -> slug;
                case "uid" -> "camille.referente";
                case "id" -> Long.toString(invitation);
                case "action" -> invitations ? "revoke" : "remove";
                default -> "x";
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static int call(String method, String path, boolean api, WebClient client, String csrf, String[] basic) {
        HttpResponse<String> response;
        if (api) {
            response = client.sendJson(method, path, "{\"emails\": [\"x@example.org\"], \"displayName\": \"X\", "
                    + "\"email\": \"x@example.org\"}", basic);
        } else if (method.equals("GET")) {
            response = client.get(path);
        } else {
            response = client.postForm(path, Map.of("_csrf", csrf, "emails", "x@example.org", "displayName", "X",
                    "email", "x@example.org", "officeSuite", "ONLYOFFICE"));
        }
        return response.statusCode();
    }
}
