package org.essaim.space;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.platform.DataDirectory;
import org.essaim.platform.KubernetesTarget;
import org.essaim.provisioner.LocalProvisioner;
import org.essaim.provisioner.ProvisionerConfiguration;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.provisioner.SpaceClient;
import org.essaim.provisioner.SpaceDatabases;
import org.essaim.provisioner.SpaceDirectory;
import org.essaim.provisioner.SpaceProvisioning;
import org.essaim.tenant.PlatformSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * How the control plane hands spaces to provisioning. With a cluster it only writes {@code Space} resources in its
 * own namespace (all its RBAC allows) and reads their status; the provisioner runs as its own leader-elected
 * deployment ({@code provisioner/deploy}). Without one, the provisioner runs in-process on the local target:
 * directory subtrees are created for real, manifests are written under the data directory, nothing runs.
 *
 * <p>The in-process provisioner gets the settings the standalone one reads from its environment, from the control
 * plane's own: the backup bucket ({@code essaim.backups.*}) and the serverinfo token key
 * ({@code essaim.usage.serverinfo.token-key}, the one the usage job derives the same tokens from), and the single
 * sign-on issuer the apps are given: the control plane's own public address ({@code essaim.public-url}).
 */
@Configuration(proxyBeanMethods = false)
class SpaceProvisioningConfiguration {

    /** The control plane's property for each of the standalone provisioner's variables (ProvisionerConfiguration). */
    static final Map<String, String> PROVISIONER_VARIABLES = Map.ofEntries(
            Map.entry("essaim.backups.s3.endpoint", "ESSAIM_BACKUP_S3_ENDPOINT"),
            Map.entry("essaim.backups.s3.bucket", "ESSAIM_BACKUP_S3_BUCKET"),
            Map.entry("essaim.backups.s3.access-key-id", "ESSAIM_BACKUP_S3_ACCESS_KEY_ID"),
            Map.entry("essaim.backups.s3.secret-access-key", "ESSAIM_BACKUP_S3_SECRET_ACCESS_KEY"),
            Map.entry("essaim.backups.storage-peer", "ESSAIM_BACKUP_STORAGE_PEER"),
            Map.entry("essaim.backups.storage-port", "ESSAIM_BACKUP_STORAGE_PORT"),
            Map.entry("essaim.backups.kubernetes-api-peer", "ESSAIM_KUBERNETES_API_PEER"),
            Map.entry("essaim.backups.kubernetes-api-port", "ESSAIM_KUBERNETES_API_PORT"),
            Map.entry("essaim.backups.schedule", "ESSAIM_BACKUP_SCHEDULE"),
            Map.entry("essaim.usage.serverinfo.token-key", "ESSAIM_SERVERINFO_TOKEN_KEY"),
            Map.entry("essaim.public-url", "ESSAIM_SSO_ISSUER"));

    @Bean
    ProvisionerSettings provisionerSettings(@Value("${essaim.spaces.domain}") String domain,
                                            @Value("${essaim.ldap.base-dn}") String baseDn,
                                            KubernetesTarget kubernetes, Environment environment) {
        Map<String, String> variables = new HashMap<>();
        PROVISIONER_VARIABLES.forEach((property, variable) -> {
            String value = environment.getProperty(property);
            if (value != null) {
                variables.put(variable, value);
            }
        });
        try {
            return ProvisionerConfiguration.withBackupsAndServerInfo(ProvisionerSettings.defaults(
                    PlatformSettings.defaults(domain, baseDn), kubernetes.namespace()), variables);
        } catch (IllegalStateException invalid) {
            String message = invalid.getMessage();
            for (Map.Entry<String, String> name : PROVISIONER_VARIABLES.entrySet()) {
                message = message.replace(name.getValue(), name.getKey());
            }
            throw new IllegalStateException(message, invalid);
        }
    }

    @Bean(destroyMethod = "close")
    SpaceProvisioning spaceProvisioning(KubernetesTarget kubernetes, ProvisionerSettings settings,
                                        DataDirectory dataDirectory, DirectoryConnection directory, Clock clock,
                                        SpaceProgress progress) {
        if (kubernetes.local()) {
            return new LocalProvisioner(dataDirectory.root(), settings, SpaceDirectory.of(directory),
                    SpaceDatabases.notConfigured(), clock, progress);
        }
        return new SpaceClient(kubernetes.client().orElseThrow(), kubernetes.namespace(), progress);
    }
}
