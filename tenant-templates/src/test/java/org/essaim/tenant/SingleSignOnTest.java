package org.essaim.tenant;

import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleSignOnTest {

    private final PlatformSettings platform = Platforms.example();

    @Test
    void theWorkspaceAlwaysHasAClientAndTheEventsServiceOnlyWhenItIsOn() {
        SpaceSpec on = SpaceSpec.of("jardins", "Jardins");
        assertThat(SingleSignOn.clients(on, platform))
                .extracting(SingleSignOn.Client::clientId)
                .containsExactly("space-jardins-workspace", "space-jardins-events");
        SpaceSpec off = on.withServices(new SpaceSpec.Services(false, true));
        assertThat(SingleSignOn.clients(off, platform))
                .extracting(SingleSignOn.Client::app)
                .containsExactly(SingleSignOn.WORKSPACE);
    }

    @Test
    void redirectAddressesAreExactAndOnTheSpacesOwnHosts() {
        SingleSignOn.Client workspace = SingleSignOn.clients(SpaceSpec.of("jardins", "Jardins"), platform)
                .get(0);
        assertThat(workspace.redirectUris()).containsExactly("https://jardins.essaim.example/apps/user_oidc/code");
        assertThat(workspace.postLogoutRedirectUris()).containsExactly("https://jardins.essaim.example/");
        SingleSignOn.Client events = SingleSignOn.clients(SpaceSpec.of("jardins", "Jardins"), platform)
                .get(1);
        assertThat(events.redirectUris()).allMatch(uri -> uri.startsWith("https://jardins-events.essaim.example/"));
    }
}
