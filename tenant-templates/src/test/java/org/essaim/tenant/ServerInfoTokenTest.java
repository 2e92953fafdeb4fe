package org.essaim.tenant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerInfoTokenTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void theTokenIsTheHexHmacOfTheSlugAsOpensslComputesIt() {
        // printf 'serverinfo:%s' asso | openssl dgst -sha256 -hmac "$KEY" -r  (runbooks/space-full.md)
        assertThat(ServerInfoToken.forSpace(KEY, "asso"))
                .isEqualTo("ad4da6f5ad82b9d5f6656bafe6e425258a538d65245e6e49fa33a823a2322f64");
    }

    @Test
    void tokensDifferPerSpaceAndPerKey() {
        assertThat(ServerInfoToken.forSpace(KEY, "one"))
                .hasSize(64)
                .isEqualTo(ServerInfoToken.forSpace(KEY, "one"))
                .isNotEqualTo(ServerInfoToken.forSpace(KEY, "two"))
                .isNotEqualTo(ServerInfoToken.forSpace("b".repeat(32), "one"));
    }

    @Test
    void theKeyIdNamesTheKeyWithoutGivingItOrATokenAway() {
        String id = ServerInfoToken.keyId(KEY);
        assertThat(id)
                .hasSize(16)
                .isEqualTo(ServerInfoToken.keyId(KEY))
                .isNotEqualTo(ServerInfoToken.keyId("b".repeat(32)));
        assertThat(KEY).doesNotContain(id);
        assertThat(ServerInfoToken.forSpace(KEY, "key-id")).doesNotContain(id);
    }

    @Test
    void aShortOrMissingKeyIsRefused() {
        assertThatThrownBy(() -> ServerInfoToken.forSpace("short", "asso")).hasMessageContaining("32");
        assertThatThrownBy(() -> ServerInfoToken.keyId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
