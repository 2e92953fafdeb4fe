package org.essaim.tenant;

import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every space of one platform shares: where the spaces are reached, where their volumes are stored, which
 * image versions they run, and how their pods reach the shared directory, database server and office server.
 *
 * @param domain       spaces are served on {@code <slug>.<domain>}, {@code <slug>-events.<domain>} and
 *                     {@code <slug>-forum.<domain>}, all covered by one wildcard certificate
 * @param storageClass the storage class of the spaces' volumes; null for the cluster's default
 * @param images       the image of every app for spaces that name no version: the catalogue's defaults
 *                     ({@code app-versions.yaml}, see {@link AppCatalogue}) unless the platform overrides them
 * @param directory    the LDAP directory the apps bind to
 * @param database     the tenant PostgreSQL server holding every app's database
 * @param ingress      the ingress controller in front of the spaces
 * @param office       the shared office servers (Collabora Online, OnlyOffice)
 * @param dns          the cluster's DNS pods, the only other egress every pod needs
 * @param backups      where and when every space is backed up (k8up and restic, to an S3-compatible bucket)
 * @param mail         the SMTP relay every app of every space sends its mail through
 * @param serverInfoKeyId null: the workspaces get no serverinfo token. Otherwise each workspace's configuration
 *                     Job sets its token from the space's {@code serverinfo-token} Secret, which the provisioner
 *                     derives from the platform's key ({@link ServerInfoToken}); this is the key's
 *                     {@link ServerInfoToken#keyId fingerprint}, never the key, so that a new key runs the Jobs again
 */
public record PlatformSettings(
        String domain,
        String storageClass,
        ImageVersions images,
        DirectoryEndpoint directory,
        DatabaseEndpoint database,
        IngressSettings ingress,
        OfficeServers office,
        NetworkPeer dns,
        BackupSettings backups,
        MailRelay mail,
        String serverInfoKeyId,
        SingleSignOnIssuer singleSignOn) {

    public PlatformSettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(office, "office");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(singleSignOn, "singleSignOn");
    }

    /** The same, with the single sign-on issuer of {@link #defaults} ({@code https://essaim.<domain>}). */
    public PlatformSettings(
            String domain,
            String storageClass,
            ImageVersions images,
            DirectoryEndpoint directory,
            DatabaseEndpoint database,
            IngressSettings ingress,
            OfficeServers office,
            NetworkPeer dns,
            BackupSettings backups,
            MailRelay mail,
            String serverInfoKeyId) {
        this(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                SingleSignOnIssuer.defaults(domain, ingress));
    }

    /**
     * Conventional settings for a platform on {@code domain}: Essaim's services in the {@code essaim} namespace,
     * ingress-nginx, kube-dns, the pinned images. Used by the local default and tests; a real platform sets each.
     */
    public static PlatformSettings defaults(String domain, String directoryBaseDn) {
        return new PlatformSettings(
                domain,
                null,
                ImageVersions.pinned(),
                new DirectoryEndpoint(
                        "essaim-directory.essaim.svc.cluster.local",
                        389,
                        directoryBaseDn,
                        NetworkPeer.pods("essaim", Map.of("app.kubernetes.io/name", "essaim-directory"))),
                new DatabaseEndpoint(
                        "essaim-tenant-postgres.essaim.svc.cluster.local",
                        5432,
                        NetworkPeer.pods("essaim", Map.of("app.kubernetes.io/name", "essaim-tenant-postgres"))),
                new IngressSettings(
                        "nginx",
                        NetworkPeer.pods("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")),
                        Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "1g"),
                        List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
                OfficeServers.chart(domain, "essaim", true),
                NetworkPeer.pods("kube-system", Map.of("k8s-app", "kube-dns")),
                BackupSettings.defaults(URI.create("https://s3." + domain)),
                MailRelay.defaults(domain),
                null);
    }

    /** The same platform whose spaces' apps sign people in through this issuer. */
    public PlatformSettings withSingleSignOn(SingleSignOnIssuer singleSignOn) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    /** The images a space runs: those of the versions its spec names, this platform's for the others. */
    public ImageVersions images(SpaceSpec spec) {
        return AppCatalogue.pinned().images(spec.appVersions(), images);
    }

    /**
     * The public address of the office server a space's workspace talks to (the one browsers load): the one of the
     * office version its spec names, on this platform's domain; this platform's own when it names none.
     *
     * @throws IllegalStateException when this platform does not offer the space's suite ({@link #offers})
     */
    public URI officeServer(SpaceSpec spec) {
        OfficeServer server = office.require(spec.officeSuite());
        String version = spec.appVersions().office();
        return version == null ? server.url() : AppCatalogue.pinned().officeServer(version, spec.officeSuite(), domain);
    }

    /**
     * The address Nextcloud's server reaches the same office server at inside the cluster (Collabora's discovery and
     * WOPI checks, OnlyOffice's conversions): the platform's internal URL; for an office version whose catalogue host
     * differs from the platform's, the same URL with the first label of its host replaced by that version's host
     * (the chart names each server's Service after its catalogue host).
     */
    public URI officeInternalServer(SpaceSpec spec) {
        OfficeServer server = office.require(spec.officeSuite());
        URI publicUrl = officeServer(spec);
        if (publicUrl.equals(server.url())) {
            return server.internalUrl();
        }
        String versionHost =
                publicUrl.getHost().substring(0, publicUrl.getHost().indexOf('.'));
        URI internal = server.internalUrl();
        String host = internal.getHost();
        int dot = host.indexOf('.');
        String renamed = versionHost + (dot < 0 ? "" : host.substring(dot));
        return URI.create(
                internal.getScheme() + "://" + renamed + (internal.getPort() < 0 ? "" : ":" + internal.getPort())
                        + (internal.getRawPath() == null ? "" : internal.getRawPath()));
    }

    /** Whether this platform runs an office server of {@code suite}: a space may choose only those. */
    public boolean offers(OfficeSuite suite) {
        return office.offered().contains(suite);
    }

    public PlatformSettings withImages(ImageVersions images) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    public PlatformSettings withStorageClass(String storageClass) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    public PlatformSettings withBackups(BackupSettings backups) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    /** The same platform running these office servers (the suites it offers). */
    public PlatformSettings withOffice(OfficeServers office) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    public PlatformSettings withMail(MailRelay mail) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    public PlatformSettings withDirectory(DirectoryEndpoint directory) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    /** @param serverInfoKeyId {@link ServerInfoToken#keyId} of the platform's key; null for no serverinfo token */
    public PlatformSettings withServerInfoKeyId(String serverInfoKeyId) {
        return new PlatformSettings(
                domain,
                storageClass,
                images,
                directory,
                database,
                ingress,
                office,
                dns,
                backups,
                mail,
                serverInfoKeyId,
                singleSignOn);
    }

    /**
     * @param host          as the space's pods resolve it
     * @param port          389 for plain LDAP and StartTLS, 636 for LDAPS
     * @param baseDn        the directory's base; spaces live under {@code ou=spaces,<base>}
     * @param peer          who the network policy lets the pods reach
     * @param security      how the apps protect the connection: plain LDAP, StartTLS on the LDAP port, or LDAPS
     * @param caCertificate the PEM certificate(s) of the authority that signed the directory's certificate, given to
     *                      every app (ConfigMap {@link DirectoryCa#CONFIG_MAP}); null when the directory's certificate
     *                      is signed by an authority the images already trust, or with plain LDAP
     */
    public record DirectoryEndpoint(
            String host, int port, String baseDn, NetworkPeer peer, DirectorySecurity security, String caCertificate) {

        public DirectoryEndpoint {
            Objects.requireNonNull(security, "security");
            if (caCertificate != null && caCertificate.isBlank()) {
                caCertificate = null;
            }
            if (caCertificate != null && !caCertificate.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException(
                        "The directory's CA certificate must be PEM " + "(-----BEGIN CERTIFICATE-----)");
            }
            if (security == DirectorySecurity.PLAIN && caCertificate != null) {
                throw new IllegalArgumentException("A CA certificate for the directory needs StartTLS or LDAPS");
            }
        }

        /** Plain LDAP inside the cluster network. */
        public DirectoryEndpoint(String host, int port, String baseDn, NetworkPeer peer) {
            this(host, port, baseDn, peer, DirectorySecurity.PLAIN, null);
        }

        /** {@code ldaps://host:port} with LDAPS, {@code ldap://host:port} otherwise (StartTLS starts on it). */
        public String url() {
            return (security == DirectorySecurity.LDAPS ? "ldaps://" : "ldap://") + host + ":" + port;
        }

        public DirectoryEndpoint withSecurity(DirectorySecurity security, String caCertificate) {
            return new DirectoryEndpoint(host, port, baseDn, peer, security, caCertificate);
        }
    }

    /** How the apps protect their connection to the directory. */
    public enum DirectorySecurity {
        /** Plain LDAP: only on a network nobody else can read (the cluster's, with the network policies). */
        PLAIN,
        /** LDAP on the LDAP port (389), upgraded to TLS with the StartTLS extended operation before binding. */
        STARTTLS,
        /** TLS from the first byte, usually on port 636. */
        LDAPS
    }

    /**
     * The SMTP relay the apps send through (shares, password resets, notifications, participations). It accepts mail
     * from the spaces' pods without credentials (the network policy is what lets a pod reach it) and relays it on.
     *
     * @param host        as the space's pods resolve it
     * @param port        25 or 587 (STARTTLS), 465 (TLS)
     * @param security    how the apps protect the connection
     * @param fromAddress the sender of every app's mail ({@code noreply@<domain>}); replies go nowhere
     * @param peer        who the network policy {@code allow-mail-relay} lets the pods reach
     */
    public record MailRelay(String host, int port, MailSecurity security, String fromAddress, NetworkPeer peer) {

        public MailRelay {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(fromAddress, "fromAddress");
            Objects.requireNonNull(peer, "peer");
            if (host.isBlank()) {
                throw new IllegalArgumentException("The mail relay's host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("The mail relay's port must be between 1 and 65535");
            }
            int at = fromAddress.indexOf('@');
            if (at < 1 || at != fromAddress.lastIndexOf('@') || at == fromAddress.length() - 1) {
                throw new IllegalArgumentException("The apps' sender address is not an email address: " + fromAddress);
            }
        }

        /** The chart's relay: {@code essaim-smtp-relay} in the {@code essaim} namespace, port 25, no TLS. */
        public static MailRelay defaults(String domain) {
            return new MailRelay(
                    "essaim-smtp-relay.essaim.svc.cluster.local",
                    25,
                    MailSecurity.NONE,
                    "noreply@" + domain,
                    NetworkPeer.pods("essaim", Map.of("app.kubernetes.io/name", "essaim-smtp-relay")));
        }

        /** The local part of {@link #fromAddress()} (phpBB and Nextcloud want it apart from the domain). */
        public String fromLocalPart() {
            return fromAddress.substring(0, fromAddress.indexOf('@'));
        }

        /** The domain of {@link #fromAddress()}. */
        public String fromDomain() {
            return fromAddress.substring(fromAddress.indexOf('@') + 1);
        }
    }

    /** How the apps protect their connection to the mail relay. */
    public enum MailSecurity {
        /** Plain SMTP inside the cluster network. */
        NONE,
        /** SMTP upgraded with STARTTLS (port 587 or 25). */
        STARTTLS,
        /** SMTP over TLS from the first byte (port 465). */
        TLS
    }

    /** @param host as the space's pods resolve it; @param peer who the network policy lets the pods reach */
    public record DatabaseEndpoint(String host, int port, NetworkPeer peer) {}

    /**
     * @param className      the IngressClass of the spaces' Ingresses
     * @param controller     the controller's pods, the only ones allowed to open connections into a space
     * @param annotations    controller-specific annotations put on every space's Ingress (upload size, ...)
     * @param trustedProxies the networks the controller's requests come from, trusted by the apps for client IPs
     */
    public record IngressSettings(
            String className, NetworkPeer controller, Map<String, String> annotations, List<String> trustedProxies) {
        public IngressSettings {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }
    }

    /**
     * The shared office servers the platform runs (its Helm chart deploys them): one per suite it offers, null for a
     * suite it does not offer. A space may only choose an offered suite.
     */
    public record OfficeServers(OfficeServer collabora, OfficeServer onlyoffice) {

        public OfficeServers {
            if (collabora == null && onlyoffice == null) {
                throw new IllegalArgumentException("The platform offers no office suite; Collabora Online at least "
                        + "is part of every platform");
            }
        }

        /**
         * The chart's servers in {@code namespace}: Collabora Online (CODE) on https://office.<domain>, Service
         * {@code office} port 9980; with {@code onlyoffice}, OnlyOffice Document Server on https://onlyoffice.<domain>,
         * Service {@code onlyoffice} port 80.
         */
        public static OfficeServers chart(String domain, String namespace, boolean onlyoffice) {
            return new OfficeServers(
                    OfficeServer.chart("office", domain, namespace, "essaim-collabora", 9980),
                    onlyoffice ? OfficeServer.chart("onlyoffice", domain, namespace, "essaim-onlyoffice", 80) : null);
        }

        /** The offered suites, Collabora first. */
        public List<OfficeSuite> offered() {
            List<OfficeSuite> offered = new ArrayList<>();
            if (collabora != null) {
                offered.add(OfficeSuite.COLLABORA);
            }
            if (onlyoffice != null) {
                offered.add(OfficeSuite.ONLYOFFICE);
            }
            return List.copyOf(offered);
        }

        /** The server of {@code suite}, or null when the platform does not offer it. */
        public OfficeServer of(OfficeSuite suite) {
            return suite == OfficeSuite.ONLYOFFICE ? onlyoffice : collabora;
        }

        OfficeServer require(OfficeSuite suite) {
            OfficeServer server = of(suite);
            if (server == null) {
                throw new IllegalStateException("This platform does not offer " + suite + "; it offers " + offered());
            }
            return server;
        }
    }

    /**
     * One shared office server.
     *
     * @param url         its public address, which browsers load and which calls back the workspaces through the
     *                    ingress ({@code https://office.<domain>})
     * @param internalUrl how a workspace's pods reach it inside the cluster, straight to its Service
     *                    ({@code http://office.essaim.svc.cluster.local:9980})
     * @param peer        its pods, which the policy {@code allow-office-server} lets the office clients reach
     * @param port        the port its pods listen on (CODE 9980, OnlyOffice 80): the policy opens the pod's port,
     *                    not the Service's
     */
    public record OfficeServer(URI url, URI internalUrl, NetworkPeer peer, int port) {

        public OfficeServer {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(internalUrl, "internalUrl");
            Objects.requireNonNull(peer, "peer");
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("An office server's public URL is https://host: " + url);
            }
            if (internalUrl.getHost() == null) {
                throw new IllegalArgumentException("An office server's internal URL has no host: " + internalUrl);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("An office server's port must be between 1 and 65535");
            }
        }

        static OfficeServer chart(String host, String domain, String namespace, String name, int port) {
            return new OfficeServer(
                    URI.create("https://" + host + "." + domain),
                    URI.create("http://" + host + "." + namespace + ".svc.cluster.local:" + port),
                    NetworkPeer.pods(namespace, Map.of("app.kubernetes.io/name", name)),
                    port);
        }
    }

    /**
     * Where and when the spaces are backed up. Each space has its own restic repository, {@code <bucket>/<namespace>}
     * on one S3-compatible bucket for the platform, with its own generated password; the bucket's access keys are
     * the platform's (copied into each namespace as the {@code backup-storage} Secret).
     *
     * @param endpoint       the S3-compatible endpoint ({@code https://s3.example.org})
     * @param bucket         the platform's bucket
     * @param storage        who the backup pods may reach for the endpoint (network policy), and on which port
     * @param storagePort    the endpoint's port as the network policy opens it
     * @param apiServer      the Kubernetes API server: k8up's backup pod asks it to run each database dump
     * @param apiServerPort  its port (443, or 6443 on many clusters)
     * @param backupSchedule when the backup runs (k8up cron or {@code @daily-random})
     * @param checkSchedule  when the repository is checked
     * @param pruneSchedule  when old snapshots are forgotten and pruned
     * @param keepDaily      how many daily snapshots are kept ...
     * @param keepWeekly     ... weekly ...
     * @param keepMonthly    ... and monthly
     * @param dumpImage      the image whose pg_dump dumps the apps' databases (pinned in {@code images.properties})
     */
    public record BackupSettings(
            URI endpoint,
            String bucket,
            NetworkPeer storage,
            int storagePort,
            NetworkPeer apiServer,
            int apiServerPort,
            String backupSchedule,
            String checkSchedule,
            String pruneSchedule,
            int keepDaily,
            int keepWeekly,
            int keepMonthly,
            String dumpImage) {

        public BackupSettings {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(storage, "storage");
            Objects.requireNonNull(apiServer, "apiServer");
            Objects.requireNonNull(dumpImage, "dumpImage");
            if (keepDaily < 1 || keepWeekly < 0 || keepMonthly < 0) {
                throw new IllegalArgumentException("Backups keep at least one daily snapshot");
            }
        }

        /**
         * Daily backups at a random but fixed time per space (so 10,000 spaces do not start together), a weekly
         * check and prune, and 7 daily, 4 weekly and 6 monthly snapshots kept; the API server at the usual
         * in-cluster service address.
         */
        public static BackupSettings defaults(URI endpoint) {
            return new BackupSettings(
                    endpoint,
                    "essaim-backups",
                    NetworkPeer.ipBlock("0.0.0.0/0"),
                    443,
                    NetworkPeer.ipBlock("10.96.0.1/32"),
                    443,
                    "@daily-random",
                    "@weekly-random",
                    "@weekly-random",
                    7,
                    4,
                    6,
                    AppCatalogue.pinned().postgresClient());
        }
    }

    /**
     * The OpenID Connect provider the spaces' apps sign people in through: the control plane, at its public address.
     * The apps' servers call it (discovery, token, keys, user info), so the network policies open that path; the
     * provider's back-channel logout comes the other way, through the ingress like any request to an app.
     *
     * @param issuer the issuer, exactly as the provider writes it in its tokens ({@code essaim.public-url}), without a
     *               trailing slash; the discovery document is at {@code <issuer>/.well-known/openid-configuration}
     * @param peer   who the apps' pods reach at that address: by default the ingress controller, which a cluster's
     *               load balancer sends its own pods' requests to; an IP block where the address is outside
     * @param port   the port they reach it on: the address's own (443 for https)
     */
    public record SingleSignOnIssuer(URI issuer, NetworkPeer peer, int port) {

        public SingleSignOnIssuer {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(peer, "peer");
            String scheme = issuer.getScheme();
            if (!"https".equals(scheme) && !"http".equals(scheme)
                    || issuer.getHost() == null
                    || issuer.getRawQuery() != null
                    || issuer.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "The single sign-on issuer must be an https:// address without a " + "query, not " + issuer);
            }
            if (issuer.toString().endsWith("/")) {
                throw new IllegalArgumentException("The single sign-on issuer ends without a slash: " + issuer);
            }
        }

        /** The issuer at {@code issuer}, reached through {@code peer} on the address's port. */
        public static SingleSignOnIssuer at(URI issuer, NetworkPeer peer) {
            int port = issuer.getPort() > 0 ? issuer.getPort() : "http".equals(issuer.getScheme()) ? 80 : 443;
            return new SingleSignOnIssuer(issuer, peer, port);
        }

        static SingleSignOnIssuer defaults(String domain, IngressSettings ingress) {
            return at(URI.create("https://essaim." + domain), ingress.controller());
        }

        /** The discovery document's address. */
        public String discovery() {
            return issuer + "/.well-known/openid-configuration";
        }
    }

    /**
     * Whom a network policy opens a path to: either an IP block, or the pods of a namespace matching labels (an
     * empty label map means every pod of that namespace).
     */
    public record NetworkPeer(String cidr, String namespace, Map<String, String> podLabels) {

        public NetworkPeer {
            if ((cidr == null) == (namespace == null)) {
                throw new IllegalArgumentException("A network peer is either an IP block or a namespace's pods");
            }
            podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
        }

        public static NetworkPeer ipBlock(String cidr) {
            return new NetworkPeer(cidr, null, Map.of());
        }

        public static NetworkPeer pods(String namespace, Map<String, String> podLabels) {
            return new NetworkPeer(null, namespace, podLabels);
        }
    }
}
