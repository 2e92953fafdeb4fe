package org.essaim.space;

import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.space.resource.OfficeSuite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the control plane asks provisioning for, from a space's row. */
class SpaceSpecFromRegistryTest {

    @Test
    void anAssociationWorkingInAnotherLanguageGetsAppsInFrenchAndTheSpecIsValid() {
        SpaceRecord breton = row("skol-brezhoneg", "br");

        var spec = SpaceLifecycle.spec(breton);

        assertThat(spec.language()).isEqualTo("fr");
        assertThat(spec.problems()).isEmpty();
        assertThat(SpaceLifecycle.spec(row("english-club", "en")).language()).isEqualTo("en");
    }

    @Test
    void suspendedAndDeletedSpacesAreAskedToRunNothing() {
        SpaceRecord suspended = row("asso-pause", "fr");
        suspended.setSuspended(true);
        SpaceRecord deleted = row("asso-partie", "fr");
        deleted.setDeletedAt(java.time.OffsetDateTime.now());

        assertThat(SpaceLifecycle.spec(suspended).suspended()).isTrue();
        assertThat(SpaceLifecycle.spec(deleted).suspended()).isTrue();
        assertThat(SpaceLifecycle.spec(row("asso-active", "fr")).suspended()).isFalse();
    }

    @Test
    void theAdminsSettingsAndStaffsQuotasAreInTheSpec() {
        SpaceRecord space = row("asso-reglee", "fr");
        space.setOfficeSuite(OfficeSuite.ONLYOFFICE);
        space.setEventsEnabled(false);
        space.setAccountQuota(70);
        space.setStorageQuotaGib(100);

        var spec = SpaceLifecycle.spec(space);

        assertThat(spec.officeSuite()).isEqualTo(OfficeSuite.ONLYOFFICE);
        assertThat(spec.services()).isEqualTo(new org.essaim.space.resource.SpaceSpec.Services(false, true));
        assertThat(spec.quotas()).isEqualTo(new org.essaim.space.resource.SpaceSpec.Quotas(70, 100));
    }

    private static SpaceRecord row(String slug, String language) {
        SpaceRecord record = new SpaceRecord();
        record.setSlug(slug);
        record.setDisplayName("Association " + slug);
        record.setLanguage(language);
        record.setSuspended(false);
        record.setOfficeSuite(OfficeSuite.COLLABORA);
        record.setEventsEnabled(true);
        record.setForumEnabled(true);
        record.setAccountQuota(50);
        record.setStorageQuotaGib(40);
        return record;
    }
}
