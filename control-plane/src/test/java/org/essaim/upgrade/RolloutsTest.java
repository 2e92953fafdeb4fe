package org.essaim.upgrade;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.awaitility.Awaitility;
import org.essaim.audit.AuditLog;
import org.essaim.platform.DataDirectory;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.SpaceProgress;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.AppCatalogue;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.essaim.testing.WebClient;
import org.essaim.upgrade.Rollout.Outcome;
import org.essaim.upgrade.Rollout.State;
import org.essaim.upgrade.Rollout.WaveState;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.PLATFORM_APP_VERSIONS;
import static org.essaim.db.Tables.SPACE;
import static org.essaim.db.Tables.UPGRADE_ROLLOUT;

/**
 * Rollouts end to end in the local default: staff start them from the console or the API, the in-process
 * provisioner renders each wave's new versions (and reports them through {@link SpaceProgress}, the real status
 * path), and the test plays the cluster's part by reporting Ready through that same path. Canary of one space, waves
 * doubling, 30 minutes per wave.
 */
@EssaimTest
@TestPropertySource(
        properties = {
            "essaim.bootstrap.staff-password=" + RolloutsTest.PASSWORD,
            "essaim.upgrades.canary=1",
            "essaim.upgrades.growth=2",
            "essaim.upgrades.wave-timeout=30m",
            "essaim.upgrades.check-interval=1h"
        })
class RolloutsTest {

    static final String PASSWORD = "rollouts-test-password";
    static final AppVersions DEFAULTS = AppCatalogue.pinned().defaults();
    static final AppVersions NEXT = new AppVersions("32.0.1", DEFAULTS.office(), DEFAULTS.events(), DEFAULTS.forum());
    static final String NEXT_IMAGE = "nextcloud:32.0.1-fpm";

    @Autowired
    Rollouts rollouts;

    @Autowired
    RolloutWaves waves;

    @Autowired
    RolloutViews views;

    @Autowired
    PlatformVersions platform;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    SpaceLifecycle lifecycle;

    @Autowired
    SpaceProgress progress;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @Autowired
    DataDirectory dataDirectory;

    @LocalServerPort
    int port;

    @BeforeEach
    void aFleetOfThisTestsSpacesOnly() {
        // The whole run shares one database: other tests' spaces (and an earlier test's rollout) would join this
        // test's waves. They are set aside as deleted, which every rollout leaves alone.
        db.update(UPGRADE_ROLLOUT)
                .set(UPGRADE_ROLLOUT.STATE, State.ROLLED_BACK)
                .where(UPGRADE_ROLLOUT.STATE.in(State.RUNNING, State.PAUSED, State.BLOCKED, State.FAILED))
                .execute();
        db.update(SPACE)
                .set(SPACE.DELETED_AT, OffsetDateTime.now())
                .where(SPACE.DELETED_AT.isNull())
                .execute();
        db.deleteFrom(PLATFORM_APP_VERSIONS).execute();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void wavesFollowEachOtherAsTheirSpacesReportReadyAndAFailedWaveStopsTheRolloutUntilResumed() {
        List<String> fleet = approve(6);
        WebClient staff = signedIn();

        HttpResponse<String> started = staff.submit(
                "/staff/upgrades",
                "/staff/upgrades",
                Map.of("workspace", "32.0.1", "office", NEXT.office(), "events", NEXT.events(), "forum", NEXT.forum()));
        assertThat(started.statusCode()).isEqualTo(302);
        long id = Long.parseLong(
                started.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
        Rollout rollout = views.view(id);
        assertThat(rollout.waves()).extracting(Rollout.Wave::size).containsExactly(1, 2, 3);
        assertThat(rollout.waves())
                .extracting(Rollout.Wave::state)
                .containsExactly(WaveState.RUNNING, WaveState.PLANNED, WaveState.PLANNED);

        // The canary: the oldest space gets the new image; the provisioner reports it renders the new versions.
        String canary = fleet.getFirst();
        awaitApplied(canary, NEXT);
        assertThat(manifests(canary)).contains(NEXT_IMAGE);
        assertThat(manifests(fleet.get(1))).doesNotContain(NEXT_IMAGE);
        waves.advance();
        assertThat(wave(id, 1).state()).as("NotApplied is not healthy").isEqualTo(WaveState.RUNNING);

        reportReady(canary, NEXT);
        waves.advance();
        assertThat(wave(id, 1).state()).isEqualTo(WaveState.SUCCEEDED);
        assertThat(wave(id, 2).state()).isEqualTo(WaveState.RUNNING);
        assertThat(staff.get("/staff/upgrades", "Accept-Language", "fr").body())
                .contains("Déploiement " + id)
                .contains("espace de travail 32.0.1")
                .contains("jusqu’à ")
                .contains("data-outcome=\"HEALTHY\"")
                .contains("data-outcome=\"UPGRADING\"");

        // Wave 2: one space becomes Ready, the other does not within 30 minutes.
        awaitApplied(fleet.get(1), NEXT);
        awaitApplied(fleet.get(2), NEXT);
        reportReady(fleet.get(1), NEXT);
        clock.advance(Duration.ofMinutes(31));
        waves.advance();

        rollout = views.view(id);
        assertThat(rollout.state()).isEqualTo(State.FAILED);
        assertThat(rollout.problem()).contains("Wave 2: 1 of 2 spaces");
        assertThat(rollout.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.slug()).isEqualTo(fleet.get(2));
            assertThat(failed.reason()).contains("NotApplied").contains("No cluster is configured");
        });
        assertThat(wave(id, 3).state()).isEqualTo(WaveState.PLANNED);
        assertThat(versionsOf(fleet.get(3))).as("the next wave was not touched").isEqualTo(AppVersions.DEFAULTS);
        String page =
                staff.get("/staff/upgrades/" + id, "Accept-Language", "en").body();
        assertThat(page)
                .contains("Stopped by a failed wave")
                .contains(fleet.get(2))
                .contains("NotApplied")
                .contains("/staff/upgrades/" + id + "/resume")
                .contains("<svg class=\"wave-bar\"")
                .contains("data-outcome=\"FAILED\"")
                .contains("data-outcome=\"HEALTHY\"");
        assertThat(staff.get("/staff/upgrades/" + id, "Accept-Language", "fr").body())
                .contains("Arrêté par une vague en échec")
                .contains("Reprendre")
                // What Essaim and the API server wrote in English is marked so on the French page.
                .contains("<p lang=\"en\">Wave 2: 1 of ")
                .containsPattern("<td lang=\"en\">[^<]*NotApplied");

        // Fixed, then resumed: the failed space gets another 30 minutes, and the rollout goes on.
        staff.submit("/staff/upgrades/" + id, "/staff/upgrades/" + id + "/resume", Map.of());
        assertThat(views.view(id).state()).isEqualTo(State.RUNNING);
        assertThat(views.outcome(id, fleet.get(2))).contains(Outcome.UPGRADING);
        reportReady(fleet.get(2), NEXT);
        waves.advance();
        assertThat(wave(id, 3).state()).isEqualTo(WaveState.RUNNING);

        // A space approved meanwhile got the platform's versions then; it makes one last wave.
        String latecomer = approve(1).getFirst();
        for (String slug : fleet.subList(3, 6)) {
            awaitApplied(slug, NEXT);
            reportReady(slug, NEXT);
        }
        waves.advance();
        assertThat(views.view(id).waves()).hasSize(4);
        assertThat(wave(id, 4).size()).isEqualTo(1);
        awaitApplied(latecomer, NEXT);
        reportReady(latecomer, NEXT);
        waves.advance();

        assertThat(views.view(id).state()).isEqualTo(State.COMPLETED);
        assertThat(platform.current()).isEqualTo(NEXT);
        String afterwards = approve(1).getFirst();
        assertThat(versionsOf(afterwards))
                .as("new spaces get the platform's versions")
                .isEqualTo(NEXT);
        awaitApplied(afterwards, NEXT);
        assertThat(audited("upgrade.started", id, "admin")).isTrue();
        assertThat(audited("upgrade.wave-failed", id, AuditLog.SYSTEM_ACTOR)).isTrue();
        assertThat(audited("upgrade.resumed", id, "admin")).isTrue();
        assertThat(audited("upgrade.completed", id, AuditLog.SYSTEM_ACTOR)).isTrue();
        assertThat(staff.get("/staff/upgrades", "Accept-Language", "en").body())
                .contains("No rollout is in flight")
                .contains("data-app=\"workspace\">32.0.1<");
    }

    @Test
    void aPausedRolloutStartsNoWaveUntilResumedAndTheApiRefusesWhatCannotBe() {
        List<String> fleet = approve(3);
        WebClient api = new WebClient(port);
        String[] basic = WebClient.basic("admin", PASSWORD);

        HttpResponse<String> bad = api.postJson(
                "/api/v1/staff/upgrades/rollouts",
                "{\"workspace\":\"99.0.0\",\"office\":\"24.04\",\"events\":\"5.1.0\"}",
                basic);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .contains("\"field\":\"workspace\"")
                .contains("99.0.0")
                .contains("\"field\":\"forum\"");

        HttpResponse<String> created = api.postJson("/api/v1/staff/upgrades/rollouts", json(NEXT), basic);
        assertThat(created.statusCode()).isEqualTo(201);
        long id = idOf(created.body());
        assertThat(api.postJson("/api/v1/staff/upgrades/rollouts", json(NEXT), basic)
                        .body())
                .contains("upgrade-open");

        awaitApplied(fleet.getFirst(), NEXT);
        assertThat(api.postJson("/api/v1/staff/upgrades/rollouts/" + id + "/pause", "", basic)
                        .body())
                .contains("\"state\":\"PAUSED\"");
        reportReady(fleet.getFirst(), NEXT);
        waves.advance();
        assertThat(wave(id, 1).state()).as("not even looked at while paused").isEqualTo(WaveState.RUNNING);
        assertThat(wave(id, 2).state()).isEqualTo(WaveState.PLANNED);
        HttpResponse<String> again = api.postJson(
                "/api/v1/staff/upgrades/rollouts/" + id + "/pause", "", basic[0], basic[1], "Accept-Language", "en");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Only a running rollout can be paused");

        assertThat(api.postJson("/api/v1/staff/upgrades/rollouts/" + id + "/resume", "", basic)
                        .statusCode())
                .isEqualTo(200);
        assertThat(wave(id, 1).state()).isEqualTo(WaveState.SUCCEEDED);
        assertThat(wave(id, 2).state()).as("resuming looks at once").isEqualTo(WaveState.RUNNING);
        assertThat(api.get("/api/v1/staff/upgrades/rollouts/" + id, basic).body())
                .contains("\"number\":2");
        assertThat(audited("upgrade.paused", id, "admin")).isTrue();
        assertThat(audited("upgrade.resumed", id, "admin")).isTrue();
    }

    @Test
    void rollingBackGivesEveryUpgradedSpaceItsPreviousVersionsAndASuspendedSpaceIsUpgradedWithoutWaiting() {
        List<String> fleet = approve(4);
        lifecycle.suspend(fleet.get(1), "admin");
        WebClient api = new WebClient(port);
        String[] basic = WebClient.basic("admin", PASSWORD);
        long id = idOf(api.postJson("/api/v1/staff/upgrades/rollouts", json(NEXT), basic)
                .body());
        awaitApplied(fleet.getFirst(), NEXT);
        reportReady(fleet.getFirst(), NEXT);
        waves.advance();

        assertThat(views.outcome(id, fleet.get(1))).contains(Outcome.SKIPPED);
        assertThat(versionsOf(fleet.get(1))).as("it runs them when resumed").isEqualTo(NEXT);
        assertThat(views.outcome(id, fleet.get(2))).contains(Outcome.UPGRADING);
        awaitApplied(fleet.get(2), NEXT);

        HttpResponse<String> rolledBack =
                api.postJson("/api/v1/staff/upgrades/rollouts/" + id + "/rollback", "", basic);
        assertThat(rolledBack.statusCode()).isEqualTo(200);
        Rollout rollout = views.view(id);
        assertThat(rollout.state()).isEqualTo(State.ROLLED_BACK);
        assertThat(rollout.waves())
                .extracting(Rollout.Wave::state)
                .containsExactly(WaveState.SUCCEEDED, WaveState.CANCELLED, WaveState.CANCELLED);
        for (String slug : fleet) {
            assertThat(versionsOf(slug)).as(slug).isEqualTo(AppVersions.DEFAULTS);
        }
        assertThat(views.outcome(id, fleet.get(3))).as("never started").contains(Outcome.PENDING);
        awaitApplied(fleet.getFirst(), DEFAULTS);
        assertThat(manifests(fleet.getFirst())).doesNotContain(NEXT_IMAGE).contains("nextcloud:31.0.9-fpm");
        assertThat(audited("upgrade.rolled-back", id, "admin")).isTrue();
        assertThat(api.postJson("/api/v1/staff/upgrades/rollouts/" + id + "/rollback", "", basic)
                        .statusCode())
                .isEqualTo(409);
        assertThat(platform.current()).isEqualTo(DEFAULTS);
    }

    @Test
    void aKnownIncompatibilityStopsTheWaveBeforeItChangesAnySpace() {
        List<String> fleet = approve(3);
        lifecycle.changeSettings(fleet.get(2), OfficeSuite.ONLYOFFICE, SpaceSpec.Services.ALL, "referent");
        Rollout started = transaction.execute(tx -> rollouts.start(NEXT, "admin"));
        long id = started.id();
        awaitApplied(fleet.getFirst(), NEXT);
        reportReady(fleet.getFirst(), NEXT);
        waves.advance();

        Rollout rollout = views.view(id);
        assertThat(rollout.state()).isEqualTo(State.BLOCKED);
        assertThat(wave(id, 2).state()).isEqualTo(WaveState.BLOCKED);
        assertThat(rollout.problem())
                .contains("Wave 2 was not started")
                .contains("onlyoffice with workspace 32.0.1")
                .contains("not been validated with Nextcloud 32")
                .contains("1 space: " + fleet.get(2));
        assertThat(versionsOf(fleet.get(1))).as("nothing of the wave changed").isEqualTo(AppVersions.DEFAULTS);
        assertThat(versionsOf(fleet.get(2))).isEqualTo(AppVersions.DEFAULTS);
        assertThat(audited("upgrade.wave-blocked", id, AuditLog.SYSTEM_ACTOR)).isTrue();
        // The log's entry reads in each language: the spaces, their app and the versions, no English in French.
        String versions = NEXT.office() + ", événements " + NEXT.events() + ", forum " + NEXT.forum();
        assertThat(signedIn()
                        .get("/staff/audit?target=upgrade:" + id + "&lang=fr")
                        .body())
                .contains("<td class=\"prose\">vague 2 non lancée : 1 espace active onlyoffice (" + fleet.get(2)
                        + "), incompatible avec l’espace de travail 32.0.1, serveurs bureautiques " + versions
                        + "</td>");
        assertThat(signedIn()
                        .get("/staff/audit?target=upgrade:" + id + "&lang=en")
                        .body())
                .contains("<td class=\"prose\">wave 2 not started: 1 space enables onlyoffice (" + fleet.get(2)
                        + "), known not to work with workspace 32.0.1, office servers " + NEXT.office() + ", events "
                        + NEXT.events() + ", forum " + NEXT.forum() + "</td>");
        assertThat(signedIn()
                        .get("/staff/upgrades/" + id, "Accept-Language", "en")
                        .body())
                .contains("Stopped by a known incompatibility")
                .contains("not been validated with Nextcloud 32");

        rollouts.resume(id, "admin");
        assertThat(views.view(id).state())
                .as("checked again, still incompatible")
                .isEqualTo(State.BLOCKED);
    }

    // ---- helpers

    private List<String> approve(int count) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String slug = "upg-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
            transaction.executeWithoutResult(tx -> registry.register(
                    new NewSpace(slug, "Les Amis du " + slug, "fr", "Camille", slug + "@example.org", null, null),
                    "admin"));
            slugs.add(slug);
        }
        return slugs;
    }

    /** The provisioner (in-process, no cluster) rendered these versions and said so through SpaceProgress. */
    private void awaitApplied(String slug, AppVersions versions) {
        awaitTrue(
                () -> progress.lastStatus(slug)
                        .map(s -> versions.equals(s.versions()))
                        .orElse(false),
                slug + " applied at " + versions);
    }

    /** What a cluster's provisioner reports once every component of the space runs these versions. */
    private void reportReady(String slug, AppVersions versions) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(SpaceConditions.READY, SpaceConditions.Reason.READY));
        SpaceConditions.COMPONENTS.forEach(c -> conditions.add(condition(c, SpaceConditions.Reason.APPLIED)));
        progress.statusChanged(slug, new SpaceStatus(2L, conditions, null, null, null, versions));
    }

    private static Condition condition(String type, String reason) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(SpaceConditions.TRUE)
                .withReason(reason)
                .withMessage("In place.")
                .withObservedGeneration(2L)
                .build();
    }

    private Rollout.Wave wave(long id, int number) {
        return views.view(id).waves().get(number - 1);
    }

    private AppVersions versionsOf(String slug) {
        var row = db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).fetchOne();
        return new AppVersions(
                row.getWorkspaceVersion(), row.getOfficeVersion(), row.getEventsVersion(), row.getForumVersion());
    }

    private String manifests(String slug) {
        Path file = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private boolean audited(String action, long id, String actor) {
        return db.fetchExists(
                AUDIT_EVENT,
                AUDIT_EVENT
                        .ACTION
                        .eq(action)
                        .and(AUDIT_EVENT.TARGET.eq("upgrade:" + id))
                        .and(AUDIT_EVENT.ACTOR.eq(actor)));
    }

    private WebClient signedIn() {
        WebClient client = new WebClient(port);
        client.signIn("admin", PASSWORD);
        return client;
    }

    private static String json(AppVersions versions) {
        return "{\"workspace\":\"" + versions.workspace() + "\",\"office\":\"" + versions.office() + "\",\"events\":\""
                + versions.events() + "\",\"forum\":\"" + versions.forum() + "\"}";
    }

    private static long idOf(String json) {
        Matcher matcher = Pattern.compile("\"id\":(\\d+)").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
