package org.essaim.provisioner;

import com.unboundid.ldap.sdk.ResultCode;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.essaim.ldap.DirectoryRefusalException;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.DatabaseRequirement;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceSecrets;
import org.essaim.tenant.TenantTemplates;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stand-ins for the directory, the database server and the clock, that remember what was asked of them. */
final class Fakes {

    static final String BASE_DN = "dc=essaim,dc=test";

    private Fakes() {}

    static PlatformSettings platform() {
        return PlatformSettings.defaults("essaim.test", BASE_DN);
    }

    /** The platform's S3 keys for the backup bucket, as the provisioner's configuration gives them. */
    static final Map<String, Map<String, String>> BACKUP_STORAGE = Map.of(
            SpaceSecrets.BACKUP_STORAGE,
            Map.of(SpaceSecrets.ACCESS_KEY_ID, "backup-key", SpaceSecrets.SECRET_ACCESS_KEY, "backup-secret"));

    static ProvisionerSettings settings() {
        return ProvisionerSettings.defaults(platform(), MockCluster.NAMESPACE)
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(400))
                .withPlatformSecrets(BACKUP_STORAGE);
    }

    /** A reconciler on the cluster the client points at, whose self-check finds every app well. */
    static SpaceReconciler forCluster(
            KubernetesClient client,
            ProvisionerSettings settings,
            SpaceDirectory directory,
            SpaceDatabases databases,
            Clock clock) {
        return SpaceReconciler.forCluster(client, settings, directory, databases, clock, passingSelfCheck());
    }

    /** A self-check that finds every app that is on answering, configured and signing in. */
    static SpaceSelfCheck passingSelfCheck() {
        return new SpaceSelfCheck() {
            @Override
            public List<Verdict> check(SpaceSpec spec, RenderedSpace rendered, String servicePassword) {
                List<Verdict> verdicts = new ArrayList<>();
                verdicts.add(Verdict.ok(SpaceConditions.WORKSPACE_VERIFIED, "fine"));
                if (rendered.urls().events() != null) {
                    verdicts.add(Verdict.ok(SpaceConditions.EVENTS_VERIFIED, "fine"));
                }
                if (rendered.urls().forum() != null) {
                    verdicts.add(Verdict.ok(SpaceConditions.FORUM_VERIFIED, "fine"));
                }
                return verdicts;
            }

            @Override
            public boolean applicable() {
                return true;
            }
        };
    }

    /** A directory: space slug to its service account's password. */
    static final class Directory implements SpaceDirectory {
        final Map<String, String> servicePasswords = new ConcurrentHashMap<>();
        final List<String> operations = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile boolean refusing;

        @Override
        public Changes ensureSpace(String slug, String servicePassword) {
            check();
            operations.add("ensure " + slug);
            boolean created = servicePasswords.putIfAbsent(slug, servicePassword) == null;
            return new Changes(created ? 4 : 0, created);
        }

        @Override
        public void setServicePassword(String slug, String password) {
            check();
            operations.add("password " + slug);
            servicePasswords.put(slug, password);
        }

        @Override
        public int removeSpace(String slug) {
            check();
            operations.add("remove " + slug);
            return servicePasswords.remove(slug) == null ? 0 : 4;
        }

        @Override
        public String describe() {
            return "ldap://directory.test:389";
        }

        private void check() {
            if (down) {
                throw new DirectoryUnavailableException(
                        "ldap://directory.test:389", new ConnectException("Connection refused"));
            }
            if (refusing) {
                throw new DirectoryRefusalException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "no write access");
            }
        }
    }

    /** A database server: database name to its role's password. */
    static final class Databases implements SpaceDatabases {
        final Map<String, String> passwords = new ConcurrentHashMap<>();
        final List<String> operations = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public String describe() {
            return "jdbc:postgresql://postgres.test:5432/postgres";
        }

        @Override
        public void ensure(DatabaseRequirement requirement, String password, boolean passwordIsNew) {
            if (down) {
                throw new DatabaseFailure(
                        SpaceConditions.Reason.DATABASE_UNAVAILABLE,
                        "The tenant PostgreSQL server cannot be reached.",
                        null);
            }
            String before = passwords.putIfAbsent(requirement.database(), password);
            if (before == null) {
                operations.add("create " + requirement.database());
            } else if (passwordIsNew) {
                passwords.put(requirement.database(), password);
                operations.add("password " + requirement.database());
            }
        }

        @Override
        public List<String> dropSpace(String slug) {
            List<String> dropped = new ArrayList<>();
            for (String name : TenantTemplates.allDatabaseNames(slug)) {
                if (passwords.remove(name) != null) {
                    dropped.add(name);
                }
            }
            operations.add("drop " + slug);
            return dropped;
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
