package org.essaim.signon;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness depends on opening the signing keys: a replica whose sealing key is not the others' cannot sign the apps'
 * tokens, and one that made keys of its own would publish keys the others do not, so apps would fail now and then.
 * Not ready, it gets no traffic until its {@code essaim.two-step.key} is fixed.
 */
@Component
class SigningKeysHealthIndicator implements HealthIndicator {

    private final SigningKeys keys;

    SigningKeysHealthIndicator(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public Health health() {
        return keys.opensTheKeys()
                ? Health.up().build()
                : Health.down()
                        .withDetail("problem", SigningKeys.SEALED_WITH_ANOTHER_KEY)
                        .build();
    }
}
