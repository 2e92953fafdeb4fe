package org.essaim.platform;

import org.essaim.ldap.DirectoryConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness depends on the directory: nobody can sign in without it. */
@Component
class DirectoryHealthIndicator implements HealthIndicator {

    private final DirectoryConnection directory;

    DirectoryHealthIndicator(DirectoryConnection directory) {
        this.directory = directory;
    }

    @Override
    public Health health() {
        Health.Builder health = directory.isReachable() ? Health.up() : Health.down();
        return health.withDetail("url", directory.settings().url()).build();
    }
}
