package org.essaim.provisioner;

import org.essaim.ldap.DirectoryLayout;
import org.essaim.tenant.SpaceDirectoryNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** tenant-templates spells the directory layout out (it depends on nothing of Essaim's): the ldap module agrees. */
class DirectoryLayoutAgreementTest {

    @Test
    void theAppsAreConfiguredWithTheDnsTheDirectoryHas() {
        DirectoryLayout layout = DirectoryLayout.of("dc=essaim,dc=org");
        for (String slug : new String[] {"asso", "asso-du-quartier", "a1-b2"}) {
            SpaceDirectoryNames names = SpaceDirectoryNames.of(slug, "dc=essaim,dc=org");
            assertThat(names.space()).isEqualTo(layout.space(slug).toString());
            assertThat(names.people()).isEqualTo(layout.people(slug).toString());
            assertThat(names.groups()).isEqualTo(layout.groups(slug).toString());
            assertThat(names.members())
                    .isEqualTo(layout.group(slug, SpaceDirectoryNames.MEMBERS_GROUP)
                            .toString());
            assertThat(names.admins())
                    .isEqualTo(
                            layout.group(slug, SpaceDirectoryNames.ADMINS_GROUP).toString());
            assertThat(names.serviceAccount())
                    .isEqualTo(layout.serviceAccount(slug).toString());
        }
    }
}
