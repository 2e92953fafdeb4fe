package org.essaim.provisioner;

import org.essaim.ldap.DirectorySettings;
import org.essaim.tenant.ImageVersions;
import org.essaim.tenant.PlatformSettings;
import org.essaim.tenant.PlatformSettings.NetworkPeer;
import org.essaim.tenant.ServerInfoToken;
import org.essaim.tenant.SpaceSecrets;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's configuration, from environment variables (the Deployment in provisioner/deploy/ sets them).
 * Anything missing or malformed is reported all at once, each with the variable to set.
 *
 * <table>
 *   <tr><td>{@code ESSAIM_NAMESPACE}</td><td>namespace of the Space resources (and of the Lease)</td></tr>
 *   <tr><td>{@code ESSAIM_DOMAIN}</td><td>spaces are served on {@code <slug>.<domain>}</td></tr>
 *   <tr><td>{@code ESSAIM_LDAP_URL}, {@code _BASE_DN}, {@code _BIND_DN}, {@code _BIND_PASSWORD}</td>
 *       <td>the directory, and the account the provisioner writes spaces' subtrees with</td></tr>
 *   <tr><td>{@code ESSAIM_LDAP_PODS_HOST}, {@code ESSAIM_LDAP_PODS_PORT}, {@code ESSAIM_LDAP_PEER}</td>
 *       <td>the directory as the spaces' pods reach it (default: the URL's host and port), and who the network
 *       policies let them reach: {@code namespace=<ns>[,<label>=<value>...]} or {@code cidr=<block>}</td></tr>
 *   <tr><td>{@code ESSAIM_LDAP_PODS_SECURITY}, {@code ESSAIM_LDAP_CA_FILE}</td>
 *       <td>how the apps protect their directory connection: {@code PLAIN} (default), {@code STARTTLS} or
 *       {@code LDAPS}; and a PEM file with the authority that signed the directory's certificate, given to every
 *       app (ConfigMap {@code directory-ca})</td></tr>
 *   <tr><td>{@code ESSAIM_MAIL_RELAY_HOST}, {@code _PORT}, {@code _SECURITY}, {@code _PEER}, {@code ESSAIM_MAIL_FROM}</td>
 *       <td>the SMTP relay the apps send through (default {@code essaim-smtp-relay.essaim.svc.cluster.local:25},
 *       security {@code NONE}, {@code STARTTLS} or {@code TLS}), who the network policy lets them reach, and the
 *       sender of their mail (default {@code noreply@<domain>})</td></tr>
 *   <tr><td>{@code ESSAIM_TENANT_DATABASE_URL}, {@code _USER}, {@code _PASSWORD},
 *       {@code ESSAIM_TENANT_DATABASE_PEER}, {@code _PODS_HOST}, {@code _PODS_PORT}</td>
 *       <td>the tenant PostgreSQL server (JDBC URL, used directly to create databases and roles); without it,
 *       databases are reported as not configured. The apps' pods reach it at the URL's host and port unless
 *       {@code _PODS_HOST}/{@code _PODS_PORT} name a pooler in front of it (PgBouncer in transaction mode; then
 *       {@code _PEER} names the pooler's pods)</td></tr>
 *   <tr><td>{@code ESSAIM_INGRESS_CLASS}, {@code ESSAIM_INGRESS_CONTROLLER_PEER}, {@code ESSAIM_TRUSTED_PROXIES}</td>
 *       <td>the ingress controller</td></tr>
 *   <tr><td>{@code ESSAIM_DNS_PEER}</td>
 *       <td>the cluster's DNS pods (default {@code namespace=kube-system,k8s-app=kube-dns})</td></tr>
 *   <tr><td>{@code ESSAIM_COLLABORA_URL}, {@code _INTERNAL_URL}, {@code _PEER}, {@code _PORT}; the same with
 *       {@code ESSAIM_ONLYOFFICE_}, and {@code ESSAIM_ONLYOFFICE_JWT_SECRET}</td><td>the shared office servers
 *       (public URL, in-cluster URL, their pods, their pods' port): Collabora Online is always offered (default: the
 *       chart's, https://office.&lt;domain&gt;, Service office:9980); OnlyOffice only when
 *       {@code ESSAIM_ONLYOFFICE_URL} is set</td></tr>
 *   <tr><td>{@code ESSAIM_STORAGE_CLASS}, {@code ESSAIM_GRACE_PERIOD} ({@code 30d}),
 *       {@code ESSAIM_WORKERS}, {@code ESSAIM_RESYNC_PERIOD} ({@code 30m})</td><td>optional; durations are written
 *       as every Essaim setting ({@link #duration}): {@code 30d}, {@code 30m}, {@code 10s}, or ISO-8601
 *       ({@code P30D})</td></tr>
 *   <tr><td>{@code ESSAIM_BACKUP_S3_ENDPOINT}, {@code ESSAIM_BACKUP_S3_BUCKET}, {@code ESSAIM_BACKUP_S3_ACCESS_KEY_ID},
 *       {@code ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY}, {@code ESSAIM_BACKUP_STORAGE_PEER},
 *       {@code ESSAIM_BACKUP_STORAGE_PORT}, {@code ESSAIM_KUBERNETES_API_PEER}, {@code ESSAIM_KUBERNETES_API_PORT},
 *       {@code ESSAIM_BACKUP_SCHEDULE}</td>
 *       <td>the spaces' backups (k8up): the bucket (default {@code https://s3.<domain>}, {@code essaim-backups}) and
 *       its keys (without them each space's {@code Backups} condition says it is not backed up), who k8up's pods may
 *       reach for it and for the API server, and when backups run (default {@code @daily-random})</td></tr>
 *   <tr><td>{@code ESSAIM_SERVERINFO_TOKEN_KEY}</td>
 *       <td>the platform's key (at least 32 characters) from which each workspace's serverinfo token is derived, the
 *       same as the control plane's {@code essaim.usage.serverinfo.token-key}; without it no token is set</td></tr>
 *   <tr><td>{@code ESSAIM_SSO_ISSUER}, {@code ESSAIM_SSO_ISSUER_PEER}</td>
 *       <td>the OpenID Connect provider the spaces' apps sign people in through: the control plane's public address
 *       ({@code essaim.public-url}, the issuer of its tokens), required; and who the apps' pods reach there (default:
 *       the ingress controller's pods, {@code ESSAIM_INGRESS_CONTROLLER_PEER}; {@code cidr=<block>} for an address
 *       outside the cluster)</td></tr>
 *   <tr><td>{@code POD_NAME}</td><td>this replica's identity in the leader election</td></tr>
 * </table>
 */
public record ProvisionerConfiguration(
        ProvisionerSettings settings,
        DirectorySettings directory,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String identity) {

    public static ProvisionerConfiguration fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Env e = new Env(env, problems);
        String namespace = e.required("ESSAIM_NAMESPACE");
        String domain = e.required("ESSAIM_DOMAIN");
        String ldapUrl = e.required("ESSAIM_LDAP_URL");
        String baseDn = e.required("ESSAIM_LDAP_BASE_DN");
        String bindDn = e.required("ESSAIM_LDAP_BIND_DN");
        String bindPassword = e.required("ESSAIM_LDAP_BIND_PASSWORD");
        DirectorySettings directory = null;
        if (ldapUrl != null && baseDn != null && bindDn != null) {
            try {
                directory = new DirectorySettings(ldapUrl, baseDn, bindDn, bindPassword);
            } catch (IllegalArgumentException invalid) {
                problems.add("ESSAIM_LDAP_URL: " + invalid.getMessage());
            }
        }
        String podsHost = e.optional("ESSAIM_LDAP_PODS_HOST", directory == null ? null : directory.host());
        int podsPort = e.integer("ESSAIM_LDAP_PODS_PORT", directory == null ? 389 : directory.port());
        NetworkPeer ldapPeer =
                e.peer("ESSAIM_LDAP_PEER", "namespace=" + namespace + ",app.kubernetes.io/name=essaim-directory");
        String databaseUrl = e.optional("ESSAIM_TENANT_DATABASE_URL", null);
        String databaseUser = e.optional("ESSAIM_TENANT_DATABASE_USER", null);
        String databasePassword = e.optional("ESSAIM_TENANT_DATABASE_PASSWORD", null);
        if (databaseUrl != null && (databaseUser == null || databasePassword == null)) {
            problems.add("ESSAIM_TENANT_DATABASE_USER and ESSAIM_TENANT_DATABASE_PASSWORD are needed with "
                    + "ESSAIM_TENANT_DATABASE_URL");
        }
        URI database = databaseUrl == null
                ? URI.create("postgresql://essaim-tenant-postgres:5432")
                : URI.create(databaseUrl.substring("jdbc:".length()));
        NetworkPeer databasePeer = e.peer(
                "ESSAIM_TENANT_DATABASE_PEER",
                "namespace=" + namespace + ",app.kubernetes.io/name=essaim-tenant-postgres");
        String ingressClass = e.optional("ESSAIM_INGRESS_CLASS", "nginx");
        NetworkPeer ingressPeer = e.peer(
                "ESSAIM_INGRESS_CONTROLLER_PEER", "namespace=ingress-nginx,app.kubernetes.io/name=ingress-nginx");
        PlatformSettings.OfficeServers chartOffice = PlatformSettings.OfficeServers.chart(
                domain == null ? "invalid" : domain, namespace == null ? "essaim" : namespace, true);
        PlatformSettings.OfficeServer collabora = officeServer(
                e,
                chartOffice.collabora(),
                "ESSAIM_COLLABORA_URL",
                "ESSAIM_COLLABORA_INTERNAL_URL",
                "ESSAIM_COLLABORA_PEER",
                "ESSAIM_COLLABORA_PORT");
        PlatformSettings.OfficeServer onlyoffice = e.optional("ESSAIM_ONLYOFFICE_URL", null) == null
                ? null
                : officeServer(
                        e,
                        chartOffice.onlyoffice(),
                        "ESSAIM_ONLYOFFICE_URL",
                        "ESSAIM_ONLYOFFICE_INTERNAL_URL",
                        "ESSAIM_ONLYOFFICE_PEER",
                        "ESSAIM_ONLYOFFICE_PORT");
        Duration grace = e.duration("ESSAIM_GRACE_PERIOD", ProvisionerSettings.DEFAULT_GRACE_PERIOD);
        Duration resync = e.duration("ESSAIM_RESYNC_PERIOD", Duration.ofMinutes(30));
        int workers = e.integer("ESSAIM_WORKERS", 4);
        String identity = e.optional("POD_NAME", e.optional("HOSTNAME", "essaim-provisioner"));
        // Required here (the shared reader below takes it when given, for the control plane's local default).
        e.required("ESSAIM_SSO_ISSUER");
        reportAll(problems);
        PlatformSettings platform = new PlatformSettings(
                domain,
                e.optional("ESSAIM_STORAGE_CLASS", null),
                ImageVersions.pinned(),
                directoryForPods(e, podsHost, podsPort, baseDn, ldapPeer),
                new PlatformSettings.DatabaseEndpoint(
                        e.optional("ESSAIM_TENANT_DATABASE_PODS_HOST", database.getHost()),
                        e.integer(
                                "ESSAIM_TENANT_DATABASE_PODS_PORT", database.getPort() > 0 ? database.getPort() : 5432),
                        databasePeer),
                new PlatformSettings.IngressSettings(
                        ingressClass,
                        ingressPeer,
                        Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "1g"),
                        Arrays.asList(e.optional("ESSAIM_TRUSTED_PROXIES", "10.0.0.0/8 172.16.0.0/12 192.168.0.0/16")
                                .split("\\s+"))),
                new PlatformSettings.OfficeServers(collabora, onlyoffice),
                e.peer("ESSAIM_DNS_PEER", "namespace=kube-system,k8s-app=kube-dns"),
                PlatformSettings.BackupSettings.defaults(URI.create("https://s3." + domain)),
                mailRelay(e, domain),
                null);
        Map<String, Map<String, String>> platformSecrets = new LinkedHashMap<>();
        String jwt = e.optional("ESSAIM_ONLYOFFICE_JWT_SECRET", null);
        if (jwt != null) {
            platformSecrets.put(SpaceSecrets.ONLYOFFICE, Map.of(SpaceSecrets.JWT_SECRET, jwt));
        }
        ProvisionerSettings settings = backupsAndServerInfo(
                ProvisionerSettings.defaults(platform, namespace)
                        .withGracePeriod(grace)
                        .withWorkers(workers)
                        .withResyncPeriod(resync)
                        .withPlatformSecrets(platformSecrets),
                e);
        reportAll(problems);
        return new ProvisionerConfiguration(settings, directory, databaseUrl, databaseUser, databasePassword, identity);
    }

    /**
     * One office server: {@code ESSAIM_<suite>_URL} (public), {@code _INTERNAL_URL}, {@code _PEER}, {@code _PORT};
     * each unset one is the chart's.
     */
    private static PlatformSettings.OfficeServer officeServer(
            Env e, PlatformSettings.OfficeServer chart, String url, String internalUrl, String peer, String port) {
        try {
            return new PlatformSettings.OfficeServer(
                    URI.create(e.optional(url, chart.url().toString())),
                    URI.create(e.optional(internalUrl, chart.internalUrl().toString())),
                    e.peer(
                            peer,
                            "namespace=" + chart.peer().namespace() + ",app.kubernetes.io/name="
                                    + chart.peer().podLabels().get("app.kubernetes.io/name")),
                    e.integer(port, chart.port()));
        } catch (IllegalArgumentException invalid) {
            e.problems().add(url + ", " + internalUrl + ": " + invalid.getMessage());
            return chart;
        }
    }

    /**
     * The backup bucket ({@code ESSAIM_BACKUP_*}, {@code ESSAIM_KUBERNETES_API_*}), the serverinfo token key
     * ({@code ESSAIM_SERVERINFO_TOKEN_KEY}) and the single sign-on issuer ({@code ESSAIM_SSO_ISSUER}, {@code _PEER}):
     * what the in-process provisioner is given from the control plane's settings instead ({@link SharedSettings}).
     */
    private static ProvisionerSettings backupsAndServerInfo(ProvisionerSettings settings, Env e) {
        String endpoint = e.optional("ESSAIM_BACKUP_S3_ENDPOINT", null);
        String backupKey = e.optional("ESSAIM_BACKUP_S3_ACCESS_KEY_ID", null);
        String backupSecret = e.optional("ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY", null);
        if ((backupKey == null) != (backupSecret == null)) {
            e.problems().add("ESSAIM_BACKUP_S3_ACCESS_KEY_ID and ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY go together");
            backupKey = null;
            backupSecret = null;
        }
        SharedSettings.BackupBucket bucket = new SharedSettings.BackupBucket(
                endpoint == null ? null : URI.create(endpoint),
                e.optional("ESSAIM_BACKUP_S3_BUCKET", null),
                backupKey,
                backupSecret,
                e.optionalPeer("ESSAIM_BACKUP_STORAGE_PEER"),
                e.optionalInteger("ESSAIM_BACKUP_STORAGE_PORT"),
                e.optionalPeer("ESSAIM_KUBERNETES_API_PEER"),
                e.optionalInteger("ESSAIM_KUBERNETES_API_PORT"),
                e.optional("ESSAIM_BACKUP_SCHEDULE", null));
        String serverInfoKey = e.optional("ESSAIM_SERVERINFO_TOKEN_KEY", null);
        if (serverInfoKey != null && serverInfoKey.length() < ServerInfoToken.MINIMUM_KEY_LENGTH) {
            e.problems()
                    .add("ESSAIM_SERVERINFO_TOKEN_KEY must have at least " + ServerInfoToken.MINIMUM_KEY_LENGTH
                            + " characters (openssl rand -hex 32)");
            serverInfoKey = null;
        }
        SharedSettings.SingleSignOn signOn = null;
        String issuer = e.optional("ESSAIM_SSO_ISSUER", null);
        if (issuer != null) {
            NetworkPeer issuerPeer = e.optionalPeer("ESSAIM_SSO_ISSUER_PEER");
            try {
                signOn = new SharedSettings.SingleSignOn(URI.create(issuer), issuerPeer);
            } catch (IllegalArgumentException invalid) {
                e.problems().add("ESSAIM_SSO_ISSUER: " + invalid.getMessage());
            }
        }
        return new SharedSettings(bucket, serverInfoKey, signOn).applyTo(settings);
    }

    /**
     * Who a network policy lets the pods reach: {@code cidr=<block>} or {@code namespace=<name>[,<label>=<value>...]},
     * as every {@code *_PEER} variable (and the control plane's {@code *-peer} settings) writes it.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static NetworkPeer peer(String value) {
        try {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : value.split(",")) {
                String[] pair = part.split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException(part);
                }
                parts.put(pair[0].strip(), pair[1].strip());
            }
            if (parts.containsKey("cidr")) {
                return NetworkPeer.ipBlock(parts.get("cidr"));
            }
            String namespace = parts.remove("namespace");
            if (namespace == null) {
                throw new IllegalArgumentException("no namespace");
            }
            return NetworkPeer.pods(namespace, parts);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "must be cidr=<block> or namespace=<name>[,<label>=<value>...], not " + value, invalid);
        }
    }

    /**
     * A duration as every Essaim setting writes it: {@code 30d}, {@code 30m}, {@code 10s}, {@code 500ms} (Spring
     * Boot's simple form, the control plane's), or ISO-8601 ({@code P30D}, {@code PT30M}), which deployments
     * already use.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static Duration duration(String value) {
        String text = value.strip();
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ns" -> Duration.ofNanos(amount);
                    case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(
                    "must be an ISO-8601 duration such as P30D or PT30M, or written 30d, 30m"
                            + " or 10s as Essaim's other settings are, not " + value,
                    invalid);
        }
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("([+-]?\\d+)(ns|us|ms|s|m|h|d)");

    private static PlatformSettings.DirectoryEndpoint directoryForPods(
            Env e, String host, int port, String baseDn, NetworkPeer peer) {
        PlatformSettings.DirectorySecurity security = e.choice(
                "ESSAIM_LDAP_PODS_SECURITY",
                PlatformSettings.DirectorySecurity.class,
                PlatformSettings.DirectorySecurity.PLAIN);
        String caFile = e.optional("ESSAIM_LDAP_CA_FILE", null);
        String ca = null;
        if (caFile != null) {
            try {
                ca = Files.readString(Path.of(caFile), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException unreadable) {
                e.problems().add("ESSAIM_LDAP_CA_FILE: cannot read " + caFile + " (" + unreadable.getMessage() + ")");
            }
        }
        try {
            return new PlatformSettings.DirectoryEndpoint(host, port, baseDn, peer, security, ca);
        } catch (IllegalArgumentException invalid) {
            e.problems().add("ESSAIM_LDAP_PODS_SECURITY / ESSAIM_LDAP_CA_FILE: " + invalid.getMessage());
            return new PlatformSettings.DirectoryEndpoint(host, port, baseDn, peer);
        }
    }

    private static PlatformSettings.MailRelay mailRelay(Env e, String domain) {
        PlatformSettings.MailRelay defaults = PlatformSettings.MailRelay.defaults(domain == null ? "invalid" : domain);
        try {
            return new PlatformSettings.MailRelay(
                    e.optional("ESSAIM_MAIL_RELAY_HOST", defaults.host()),
                    e.integer("ESSAIM_MAIL_RELAY_PORT", defaults.port()),
                    e.choice("ESSAIM_MAIL_RELAY_SECURITY", PlatformSettings.MailSecurity.class, defaults.security()),
                    e.optional("ESSAIM_MAIL_FROM", defaults.fromAddress()),
                    e.peer("ESSAIM_MAIL_RELAY_PEER", "namespace=essaim,app.kubernetes.io/name=essaim-smtp-relay"));
        } catch (IllegalArgumentException invalid) {
            e.problems().add("ESSAIM_MAIL_*: " + invalid.getMessage());
            return defaults;
        }
    }

    private static void reportAll(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "The provisioner's configuration is incomplete: " + String.join("; ", problems));
        }
    }

    public SpaceDatabases databases() {
        return databaseUrl == null
                ? SpaceDatabases.notConfigured()
                : new TenantPostgres(databaseUrl, databaseUser, databasePassword);
    }

    @Override
    public String toString() {
        return "ProvisionerConfiguration[" + settings + ", directory=" + directory + ", database="
                + (databaseUrl == null ? "none" : databaseUrl.replaceAll("\\?.*", "")) + ", identity=" + identity + "]";
    }

    private record Env(Map<String, String> values, List<String> problems) {

        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isBlank()) {
                problems.add(name + " is not set");
                return null;
            }
            return value.strip();
        }

        String optional(String name, String fallback) {
            String value = values.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        int integer(String name, int fallback) {
            String value = optional(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException invalid) {
                problems.add(name + " must be a whole number, not " + value);
                return fallback;
            }
        }

        <T extends Enum<T>> T choice(String name, Class<T> type, T fallback) {
            String value = optional(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException invalid) {
                problems.add(name + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", not " + value);
                return fallback;
            }
        }

        Duration duration(String name, Duration fallback) {
            String value = optional(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return ProvisionerConfiguration.duration(value);
            } catch (IllegalArgumentException invalid) {
                problems.add(name + " " + invalid.getMessage());
                return fallback;
            }
        }

        Integer optionalInteger(String name) {
            return optional(name, null) == null ? null : integer(name, 0);
        }

        NetworkPeer optionalPeer(String name) {
            return optional(name, null) == null ? null : peer(name, null);
        }

        /** {@code cidr=10.0.0.0/8} or {@code namespace=ns[,label=value...]}. */
        NetworkPeer peer(String name, String fallback) {
            String value = optional(name, fallback);
            try {
                return ProvisionerConfiguration.peer(value);
            } catch (IllegalArgumentException invalid) {
                problems.add(name + " " + invalid.getMessage());
                return NetworkPeer.ipBlock("0.0.0.0/32");
            }
        }
    }
}
