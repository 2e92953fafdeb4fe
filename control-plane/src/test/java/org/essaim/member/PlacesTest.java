package org.essaim.member;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.essaim.db.Tables.MEMBER_INVITATION;
import static org.essaim.db.Tables.SPACE;

/** The account limit: what holds a place, the exact count under concurrent requests, and how going over is said. */
@EssaimTest
class PlacesTest extends SpaceTestSupport {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Invitations invitations;

    @Autowired
    Places places;

    @Test
    void concurrentInvitationsForTheLastPlaceLetExactlyOneThrough() throws Exception {
        String slug = fixtures.spaceWithAdmin("race");
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, 10).where(SPACE.SLUG.eq(slug)).execute();
        invitations.invite(
                slug,
                IntStream.range(0, 8).mapToObj(i -> "fill" + i + "@example.org").toList(),
                false,
                Locale.ENGLISH,
                "test");
        assertThat(places.left(slug)).isEqualTo(1);

        int contenders = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
            for (int i = 0; i < contenders; i++) {
                String email = "racer" + i + "@example.org";
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        invitations.invite(slug, List.of(email), false, Locale.ENGLISH, "test");
                        return true;
                    } catch (NoPlacesLeftException full) {
                        assertThat(full.left()).isZero();
                        return false;
                    }
                }));
            }
            start.countDown();
            int succeeded = 0;
            for (Future<Boolean> outcome : outcomes) {
                succeeded += outcome.get() ? 1 : 0;
            }
            assertThat(succeeded).isEqualTo(1);
        }
        assertThat(places.usage(slug).used()).isEqualTo(10);
        assertThat(db.fetchCount(
                        MEMBER_INVITATION,
                        MEMBER_INVITATION
                                .EMAIL
                                .like("racer%@example.org")
                                .and(MEMBER_INVITATION.SPACE_ID.eq(spaceId(slug)))))
                .isEqualTo(1);
    }

    @Test
    void disabledPeopleAndPendingInvitationsHoldPlacesRevokingFreesOne() {
        String slug = fixtures.spaceWithAdmin("hold");
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, 3).where(SPACE.SLUG.eq(slug)).execute();
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String f = "f-" + slug + "@example.org";
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", f));
        fixtures.accept(fixtures.invitationToken(f), "Fanny", SpaceFixtures.PASSWORD);
        spaceMembers.disable(slug, "fanny");
        String g = "g-" + slug + "@example.org";
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", g));
        assertThat(places.left(slug))
                .as("admin, disabled Fanny and Gaby's invitation")
                .isZero();

        HttpResponse<String> full = admin.submit(
                "/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations",
                Map.of("emails", "h-" + slug + "@example.org"));
        assertThat(full.statusCode()).isEqualTo(409);
        assertThat(full.body()).contains("data-code=\"problem.no-places-left.detail\"");

        HttpResponse<String> api = new WebClient(port)
                .postJson(
                        "/api/v1/spaces/" + slug + "/invitations",
                        "{\"emails\": [\"h-" + slug + "@example.org\"]}",
                        SpaceFixtures.concat(
                                WebClient.basic("camille.referente@" + slug, SpaceFixtures.PASSWORD),
                                "Accept-Language",
                                "en"));
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).contains("\"placesLeft\":0").contains("0 place(s) left");

        long id = db.fetchValue(MEMBER_INVITATION.ID, MEMBER_INVITATION.EMAIL.eq(g));
        admin.submit(
                "/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations/" + id + "/revoke",
                Map.of("confirmed", "true"));
        assertThat(places.left(slug)).isEqualTo(1);

        // A limit lowered after the invitation was sent is checked again on acceptance.
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/invitations", Map.of("emails", g));
        db.update(SPACE).set(SPACE.ACCOUNT_QUOTA, 2).where(SPACE.SLUG.eq(slug)).execute();
        assertThat(fixtures.accept(fixtures.invitationToken(g), "Gaby", SpaceFixtures.PASSWORD)
                        .statusCode())
                .isEqualTo(409);
        assertThat(spaceMembers.findByEmail(slug, g)).isEmpty();
        assertThatThrownBy(() -> transaction.executeWithoutResult(s -> places.reserve(slug, 1)))
                .isInstanceOf(NoPlacesLeftException.class);
    }

    private long spaceId(String slug) {
        return db.fetchValue(SPACE.ID, SPACE.SLUG.eq(slug));
    }
}
