package org.essaim.usage;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.space.SpaceRegistry;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.MutableClock;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.SPACE;
import static org.essaim.db.Tables.SPACE_USAGE_DAY;
import static org.essaim.usage.UsageFixtures.GIB;
import static org.essaim.usage.UsageFixtures.freeFor;

/** The collection job against a local HTTP stub of both sources: figures, failures, timeouts, unknown, history. */
@EssaimTest
class UsageCollectionTest {

    @Autowired
    UsageCollector collector;

    @Autowired
    StorageUsage usage;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    private SourceStub stub;

    @BeforeEach
    void startStub() throws Exception {
        stub = new SourceStub();
    }

    @AfterEach
    void stopStub() {
        stub.close();
        clock.reset();
    }

    @Test
    void serverInfoFiguresAreRecordedAndAFailingOrSlowSpaceCostsOnlyItsOwnFigure() {
        String measured = space();
        String failing = space();
        String slow = space();
        String garbled = space();
        stub.workspace(measured, SourceStub.Answer.freeSpace(30 * GIB));
        stub.workspace(failing, SourceStub.Answer.status(500));
        stub.workspace(slow, SourceStub.Answer.freeSpace(1).after(Duration.ofSeconds(3)));
        stub.workspace(garbled, new SourceStub.Answer(200, "{\"ocs\":{\"data\":{}}}", Duration.ZERO));

        long started = System.nanoTime();
        UsageCollector.Report report = collector.collect(UsageFixtures.serverInfo(stub, Duration.ofMillis(500)));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the slow space was given up on")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(usage.latest(measured)).hasValueSatisfying(figure -> {
            assertThat(figure.usedBytes()).as("40 GiB volume, 30 GiB free").isEqualTo(10 * GIB);
            assertThat(figure.percent()).isEqualTo(25);
        });
        assertThat(stub.tokenReceived(measured)).isEqualTo(ServerInfoToken.forSpace(SourceStub.TOKEN_KEY, measured));
        // The very value the provisioner, given the same key, writes into the space's serverinfo-token Secret.
        assertThat(stub.tokenReceived(measured))
                .isEqualTo(ProvisionerSettings.defaults(
                                PlatformSettings.defaults("essaim.example", "dc=essaim,dc=example"), "essaim")
                        .withServerInfoTokenKey(SourceStub.TOKEN_KEY)
                        .platformSecretsOf(measured)
                        .get(SpaceSecrets.SERVERINFO)
                        .get(SpaceSecrets.TOKEN));
        assertThat(usage.latest(failing)).as("HTTP 500: unknown, not 0").isEmpty();
        assertThat(usage.latest(slow)).as("timed out: unknown").isEmpty();
        assertThat(usage.latest(garbled)).as("no freespace field: unknown").isEmpty();
        assertThat(report.source()).isEqualTo("serverinfo");
        assertThat(report.storageMeasured()).isGreaterThanOrEqualTo(1);
        assertThat(report.storageFailed()).isGreaterThanOrEqualTo(3);
        assertThat(usage.history(measured, 30))
                .singleElement()
                .satisfies(day -> assertThat(day.usedBytes()).isEqualTo(10 * GIB));
    }

    @Test
    void aWrongTokenIsRefusedLikeNextcloudDoesAndRecordsNothing() {
        String slug = space();
        stub.workspace(slug, SourceStub.Answer.freeSpace(30 * GIB));
        ServerInfoSource wrongKey = new ServerInfoSource(
                stub.serverInfoUrl(),
                "another-key-0123456789abcdef-0123456",
                Duration.ofSeconds(2),
                4,
                Duration.ofSeconds(30));

        collector.collect(wrongKey);

        assertThat(usage.latest(slug)).isEmpty();
    }

    @Test
    void oneRowPerDayHoldsTheDaysLatestFigureAndAFailedRunKeepsWhatWasKnown() {
        String slug = space();
        ServerInfoSource source = UsageFixtures.serverInfo(stub, Duration.ofSeconds(2));
        stub.workspace(slug, SourceStub.Answer.freeSpace(freeFor(10)));
        collector.collect(source);
        stub.workspace(slug, SourceStub.Answer.freeSpace(freeFor(20)));
        collector.collect(source);

        assertThat(usage.history(slug, 30))
                .singleElement()
                .satisfies(day -> assertThat(day.usedBytes()).isEqualTo(8 * GIB));

        stub.workspace(slug, SourceStub.Answer.status(503));
        collector.collect(source);
        assertThat(usage.latest(slug))
                .as("a failed run never writes unknown over a figure")
                .hasValueSatisfying(figure -> assertThat(figure.usedBytes()).isEqualTo(8 * GIB));

        clock.advance(Duration.ofDays(1));
        stub.workspace(slug, SourceStub.Answer.freeSpace(freeFor(30)));
        collector.collect(source);

        assertThat(usage.history(slug, 30))
                .extracting(StorageUsage.Day::usedBytes)
                .containsExactly(8 * GIB, 12 * GIB);
    }

    @Test
    void historyOlderThanTheKeptPeriodIsPruned() {
        String slug = space();
        long id = db.fetchValue(SPACE.ID, SPACE.SLUG.eq(slug));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        for (int daysAgo : new int[] {401, 399}) {
            db.insertInto(SPACE_USAGE_DAY)
                    .set(SPACE_USAGE_DAY.SPACE_ID, id)
                    .set(SPACE_USAGE_DAY.DAY, today.minusDays(daysAgo))
                    .set(SPACE_USAGE_DAY.STORAGE_USED_BYTES, GIB)
                    .set(SPACE_USAGE_DAY.MEASURED_AT, OffsetDateTime.now(clock).minusDays(daysAgo))
                    .execute();
        }

        collector.collect(StorageSource.NONE);

        assertThat(db.select(SPACE_USAGE_DAY.DAY)
                        .from(SPACE_USAGE_DAY)
                        .where(SPACE_USAGE_DAY.SPACE_ID.eq(id))
                        .fetch(SPACE_USAGE_DAY.DAY))
                .contains(today.minusDays(399))
                .doesNotContain(today.minusDays(401));
    }

    @Test
    void prometheusGivesTheWholeFleetInOneQuery() {
        String measured = space();
        String noSeries = space();
        String notANumber = space();
        stub.prometheusVector(
                Map.of("space-" + measured, "5368709120", "space-" + notANumber, "NaN", "monitoring", "123"));

        UsageCollector.Report report =
                collector.collect(new PrometheusSource(stub.prometheusUrl(), Duration.ofSeconds(2)));

        assertThat(usage.latest(measured))
                .hasValueSatisfying(figure -> assertThat(figure.usedBytes()).isEqualTo(5 * GIB));
        assertThat(usage.latest(noSeries)).isEmpty();
        assertThat(usage.latest(notANumber)).isEmpty();
        assertThat(stub.prometheusQueries())
                .singleElement()
                .asString()
                .contains("kubelet_volume_stats_used_bytes")
                .contains("persistentvolumeclaim=\"nextcloud-data\"");
        assertThat(report.source()).isEqualTo("prometheus");
    }

    @Test
    void prometheusDownOrTooSlowRecordsNothingAndKeepsWhatWasKnown() {
        String slug = space();
        stub.prometheusVector(Map.of("space-" + slug, "1073741824"));
        collector.collect(new PrometheusSource(stub.prometheusUrl(), Duration.ofSeconds(2)));

        stub.prometheus(SourceStub.Answer.status(503));
        UsageCollector.Report down =
                collector.collect(new PrometheusSource(stub.prometheusUrl(), Duration.ofSeconds(2)));
        stub.prometheusVector(Map.of("space-" + slug, "2147483648"));
        stub.prometheus(new SourceStub.Answer(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
                Duration.ofSeconds(3)));
        long started = System.nanoTime();
        UsageCollector.Report slow =
                collector.collect(new PrometheusSource(stub.prometheusUrl(), Duration.ofMillis(500)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(down.storageMeasured()).isZero();
        assertThat(slow.storageMeasured()).isZero();
        assertThat(usage.latest(slug))
                .hasValueSatisfying(figure -> assertThat(figure.usedBytes()).isEqualTo(GIB));
    }

    @Test
    void withNoSourceStorageStaysUnknownAndAccountsAreCounted() {
        String slug = space();
        UsageFixtures.person(directory, slug, "alice");
        UsageFixtures.person(directory, slug, "bob");
        UsageFixtures.person(directory, slug, "carol");
        spaceMembers.disable(slug, "carol");

        UsageCollector.Report report = collector.collect();

        assertThat(report.source()).isEqualTo("none");
        assertThat(usage.latest(slug)).isEmpty();
        assertThat(usage.limits(slug)).hasValueSatisfying(limits -> {
            assertThat(limits.accountsUsed()).as("active accounts").isEqualTo(2);
            assertThat(limits.accountQuota()).isEqualTo(50);
        });
        assertThat(usage.history(slug, 1)).singleElement().satisfies(day -> {
            assertThat(day.usedBytes()).isNull();
            assertThat(day.accounts()).isEqualTo(2);
        });
    }

    private String space() {
        return UsageFixtures.space(registry, transaction, directory, "fr");
    }
}
