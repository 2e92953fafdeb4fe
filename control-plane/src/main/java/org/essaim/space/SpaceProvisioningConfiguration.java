package org.essaim.space;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.platform.DataDirectory;
import org.essaim.platform.EssaimProperties;
import org.essaim.platform.InvalidSetting;
import org.essaim.platform.KubernetesTarget;
import org.essaim.provisioner.LocalProvisioner;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.provisioner.SharedSettings;
import org.essaim.provisioner.SpaceClient;
import org.essaim.provisioner.SpaceDatabases;
import org.essaim.provisioner.SpaceDirectory;
import org.essaim.provisioner.SpaceProvisioning;
import org.essaim.tenant.PlatformSettings;
import org.essaim.usage.UsageSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * How the control plane hands spaces to provisioning. With a cluster it only writes {@code Space} resources in its
 * own namespace (all its RBAC allows) and reads their status; the provisioner runs as its own leader-elected
 * deployment ({@code provisioner/deploy}). Without one, the provisioner runs in-process on the local target:
 * directory subtrees are created for real, manifests are written under the data directory, nothing runs.
 *
 * <p>The in-process provisioner is given, typed, what the standalone one reads from its environment
 * ({@link SharedSettings}), from the control plane's own settings: the backup bucket ({@link BackupBucketSettings}),
 * the serverinfo token key ({@code essaim.usage.serverinfo.token-key}, the one the usage job derives the same tokens
 * from), and the single sign-on issuer the apps are given: the control plane's own public address
 * ({@code essaim.public-url}). A wrong value was refused with its key when those settings were bound.
 */
@Configuration(proxyBeanMethods = false)
class SpaceProvisioningConfiguration {

    @Bean
    ProvisionerSettings provisionerSettings(
            SpaceSettings spaces,
            EssaimProperties essaim,
            BackupBucketSettings backups,
            UsageSettings usage,
            KubernetesTarget kubernetes) {
        SharedSettings.SingleSignOn signOn;
        try {
            signOn = essaim.publicUrl() == null ? null : new SharedSettings.SingleSignOn(essaim.publicUrl(), null);
        } catch (IllegalArgumentException invalid) {
            throw new InvalidSetting(
                    "essaim.public-url", "cannot be the apps' sign-on issuer: " + invalid.getMessage());
        }
        return new SharedSettings(backups.bucket(), usage.serverinfo().tokenKey(), signOn)
                .applyTo(ProvisionerSettings.defaults(
                        PlatformSettings.defaults(spaces.domain(), essaim.ldap().baseDn()), kubernetes.namespace()));
    }

    @Bean(destroyMethod = "close")
    SpaceProvisioning spaceProvisioning(
            KubernetesTarget kubernetes,
            ProvisionerSettings settings,
            DataDirectory dataDirectory,
            DirectoryConnection directory,
            Clock clock,
            SpaceProgress progress) {
        if (kubernetes.local()) {
            return new LocalProvisioner(
                    dataDirectory.root(),
                    settings,
                    SpaceDirectory.of(directory),
                    SpaceDatabases.notConfigured(),
                    clock,
                    progress);
        }
        return new SpaceClient(kubernetes.client().orElseThrow(), kubernetes.namespace(), progress);
    }
}
