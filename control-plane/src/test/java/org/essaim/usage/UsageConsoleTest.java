package org.essaim.usage;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.StaffAccounts;
import org.essaim.platform.DataDirectory;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.SPACE;
import static org.essaim.usage.UsageFixtures.GIB;
import static org.essaim.usage.UsageFixtures.freeFor;

/** The staff's list of spaces near their limits, the picture of storage use, and quota changes by page and API. */
@EssaimTest
class UsageConsoleTest {

    static final String STAFF = "usage-staff";
    static final String PASSWORD = "usage-console-test-password";

    @Autowired
    UsageCollector collector;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    SpaceLifecycle lifecycle;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    DataDirectory dataDirectory;

    @Autowired
    DSLContext db;

    @LocalServerPort
    int port;

    private SourceStub stub;
    private ServerInfoSource source;

    @BeforeEach
    void setUp() throws Exception {
        Staff.ensure(staffAccounts, STAFF, "Usage Staff", PASSWORD);
        stub = new SourceStub();
        source = UsageFixtures.serverInfo(stub, Duration.ofSeconds(2));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void staffSeeTheSpacesNearTheirLimitsMostUsedFirstWithAPictureOfStorageUse() {
        String fullStorage = space();
        String manyAccounts = space();
        String roomy = space();
        lifecycle.changeQuotas(manyAccounts, new SpaceSpec.Quotas(5, 40), "test-setup");
        for (String uid : new String[] {"ann", "ben", "cat", "dan"}) {
            UsageFixtures.person(directory, manyAccounts, uid);
        }
        UsageFixtures.person(directory, roomy, "eve");
        stub.workspace(fullStorage, SourceStub.Answer.freeSpace(freeFor(96)));
        stub.workspace(manyAccounts, SourceStub.Answer.freeSpace(freeFor(10)));
        stub.workspace(roomy, SourceStub.Answer.freeSpace(freeFor(20)));
        collector.collect(source);
        WebClient staff = signedIn();

        String page = staff.get("/staff/usage", "Accept-Language", "en").body();
        assertThat(page)
                .contains("data-slug=\"" + fullStorage + "\"")
                .contains("data-slug=\"" + manyAccounts + "\"")
                .doesNotContain("data-slug=\"" + roomy + "\"")
                .contains("38.4 GiB of 40 GiB (96%)")
                .contains("4 of 5 (80%)")
                .contains("<svg")
                .contains("Storage use across spaces")
                .contains("data-from=\"90\"");
        assertThat(page.indexOf(fullStorage)).as("by storage").isLessThan(page.indexOf(manyAccounts));

        String byAccounts =
                staff.get("/staff/usage?sort=accounts", "Accept-Language", "en").body();
        assertThat(byAccounts.indexOf("data-slug=\"" + manyAccounts))
                .as("by accounts")
                .isLessThan(byAccounts.indexOf("data-slug=\"" + fullStorage));
        assertThat(staff.get("/staff/usage?all=true", "Accept-Language", "en").body())
                .contains("data-slug=\"" + roomy + "\"");
        assertThat(staff.get("/staff/usage", "Accept-Language", "fr").body())
                .contains("Espaces proches de leurs limites")
                .contains("38,4 Gio sur 40 Gio (96 %)");
        assertThat(staff.get("/staff/spaces", "Accept-Language", "en").body()).contains("href=\"/staff/usage\"");
        assertThat(new WebClient(port).get("/staff/usage").statusCode())
                .as("staff only")
                .isEqualTo(302);
    }

    @Test
    void theQuotaFormChangesTheSpaceThroughItsSpaceResourceAndIsAudited() {
        String slug = space();
        Path manifests = dataDirectory.resolve("spaces/" + slug + "/manifests.yaml");
        UsageFixtures.awaitTrue(() -> read(manifests).contains("storage: \"40Gi\""), "provisioned");
        WebClient staff = signedIn();
        String page =
                staff.get("/staff/spaces/" + slug, "Accept-Language", "en").body();
        assertThat(page)
                .contains("id=\"quota-form\"")
                .contains("value=\"50\"")
                .contains("value=\"40\"")
                .contains("unknown (not measured yet), of 40 GiB");

        HttpResponse<String> changed = staff.submit(
                "/staff/spaces/" + slug,
                "/staff/spaces/" + slug + "/quotas",
                Map.of("accounts", "60", "storageGiB", "80"));

        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(db.fetchValue(SPACE.ACCOUNT_QUOTA, SPACE.SLUG.eq(slug))).isEqualTo(60);
        assertThat(db.fetchValue(SPACE.STORAGE_QUOTA_GIB, SPACE.SLUG.eq(slug))).isEqualTo(80);
        assertThat(db.fetchExists(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("space.quotas-changed")
                                .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                                .and(AUDIT_EVENT.ACTOR.eq(STAFF))))
                .isTrue();
        UsageFixtures.awaitTrue(() -> read(manifests).contains("storage: \"80Gi\""), "the new quota in the manifests");
        assertThat(staff.get("/staff/spaces/" + slug, "Accept-Language", "en").body())
                .contains("The quotas were changed")
                .contains("value=\"60\"")
                .contains("value=\"80\"");
    }

    @Test
    void badValuesAndQuotasBelowUseAreRefusedOnThePageAndChangeNothing() {
        String slug = twoPeopleUsing30GiB();
        WebClient staff = signedIn();
        String form = "/staff/spaces/" + slug;
        String action = form + "/quotas";

        staff.submit(form, action, Map.of("accounts", "abc", "storageGiB", "0"));
        assertThat(staff.get(form, "Accept-Language", "en").body())
                .contains("id=\"quota-problems\"")
                .contains("data-code=\"usage.quota.wholeNumber\"")
                .contains("data-code=\"usage.quota.range\"")
                .contains("Enter a number from 1 to 2048")
                .contains("value=\"abc\"");

        staff.submit(form, action, Map.of("accounts", "1", "storageGiB", "20"));
        String refused = staff.get(form, "Accept-Language", "fr").body(); // two people and the referent's invitation
        assertThat(refused)
                .contains("L’espace occupe déjà 3 places")
                .contains("L’espace utilisait en dernier lieu 30 Gio");

        assertThat(db.fetchValue(SPACE.ACCOUNT_QUOTA, SPACE.SLUG.eq(slug))).isEqualTo(50);
        assertThat(db.fetchValue(SPACE.STORAGE_QUOTA_GIB, SPACE.SLUG.eq(slug))).isEqualTo(40);
        assertThat(db.fetchExists(
                        AUDIT_EVENT,
                        AUDIT_EVENT.ACTION.eq("space.quotas-changed").and(AUDIT_EVENT.TARGET.eq("space:" + slug))))
                .isFalse();
    }

    @Test
    void theApiChangesQuotasAndAnswersProblemsOnBadValues() {
        String slug = twoPeopleUsing30GiB();
        WebClient api = new WebClient(port);
        String[] auth = WebClient.basic(STAFF, PASSWORD);
        String path = "/api/v1/staff/spaces/" + slug + "/quotas";

        HttpResponse<String> ok = api.sendJson("PUT", path, "{\"accounts\": 70, \"storageGiB\": 60}", auth);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"accounts\":70").contains("\"storageGiB\":60");
        assertThat(db.fetchValue(SPACE.STORAGE_QUOTA_GIB, SPACE.SLUG.eq(slug))).isEqualTo(60);
        assertThat(db.fetchExists(
                        AUDIT_EVENT,
                        AUDIT_EVENT
                                .ACTION
                                .eq("space.quotas-changed")
                                .and(AUDIT_EVENT.TARGET.eq("space:" + slug))
                                .and(AUDIT_EVENT.ACTOR.eq(STAFF))))
                .isTrue();

        HttpResponse<String> invalid = api.sendJson(
                "PUT", path, "{\"accounts\": \"x\", \"storageGiB\": 5000}", auth[0], auth[1], "Accept-Language", "en");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(invalid.body())
                .contains("\"field\":\"accounts\"")
                .contains("usage.quota.wholeNumber")
                .contains("\"field\":\"storageGiB\"")
                .contains("usage.quota.range")
                .contains("Enter a number from 1 to 2048");
        assertThat(api.sendJson("PUT", path, "{\"accounts\": [1], \"storageGiB\": 50.5}", auth)
                        .body())
                .contains("input.type")
                .contains("usage.quota.wholeNumber");
        assertThat(api.sendJson("PUT", path, "{}", auth).body()).contains("usage.quota.required");

        HttpResponse<String> below = api.sendJson("PUT", path, "{\"accounts\": 1, \"storageGiB\": 29}", auth);
        assertThat(below.statusCode()).isEqualTo(409);
        assertThat(below.body())
                .contains("quota-below-use")
                .contains("usage.quota.belowAccounts")
                .contains("usage.quota.belowStorage")
                .contains("usage.quota.storageCannotShrink");
        assertThat(db.fetchValue(SPACE.STORAGE_QUOTA_GIB, SPACE.SLUG.eq(slug)))
                .as("unchanged")
                .isEqualTo(60);
        HttpResponse<String> shrink = api.sendJson("PUT", path, "{\"accounts\": 70, \"storageGiB\": 50}", auth);
        assertThat(shrink.statusCode()).as("above use, below the volume").isEqualTo(409);
        assertThat(shrink.body())
                .contains("usage.quota.storageCannotShrink")
                .doesNotContain("usage.quota.belowStorage");

        assertThat(api.sendJson(
                                "PUT",
                                "/api/v1/staff/spaces/no-such-space/quotas",
                                "{\"accounts\": 10, \"storageGiB\": 10}",
                                auth)
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.sendJson("PUT", path, "{\"accounts\": 10, \"storageGiB\": 10}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theStorageApiSaysUnknownUntilMeasured() {
        String slug = space();
        WebClient api = new WebClient(port);
        String path = "/api/v1/staff/spaces/" + slug + "/storage";

        String unknown = api.getWithBasic(path, STAFF, PASSWORD).body();
        assertThat(unknown)
                .contains("\"usedBytes\":null")
                .contains("\"percent\":null")
                .contains("\"quotaGiB\":40");

        stub.workspace(slug, SourceStub.Answer.freeSpace(30 * GIB));
        collector.collect(source);

        String known = api.getWithBasic(path, STAFF, PASSWORD).body();
        assertThat(known)
                .contains("\"usedBytes\":" + 10 * GIB)
                .contains("\"percent\":25")
                .contains("\"history\":[{\"day\":");
        assertThat(api.getWithBasic(path + "?days=0", STAFF, PASSWORD).statusCode())
                .isEqualTo(400);
        assertThat(api.getWithBasic("/api/v1/staff/spaces/no-such-space/storage", STAFF, PASSWORD)
                        .statusCode())
                .isEqualTo(404);
    }

    /** A space with two active accounts whose workspace was measured at 30 GiB used of 40. */
    private String twoPeopleUsing30GiB() {
        String slug = space();
        UsageFixtures.person(directory, slug, "ann");
        UsageFixtures.person(directory, slug, "ben");
        stub.workspace(slug, SourceStub.Answer.freeSpace(10 * GIB));
        collector.collect(source);
        return slug;
    }

    private String space() {
        return UsageFixtures.space(registry, transaction, directory, "fr");
    }

    private WebClient signedIn() {
        WebClient client = new WebClient(port);
        client.signIn(STAFF, PASSWORD);
        return client;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
