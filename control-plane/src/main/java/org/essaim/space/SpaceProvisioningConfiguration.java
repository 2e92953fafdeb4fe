package org.essaim.space;

import org.essaim.ldap.Directory;
import org.essaim.platform.DataDirectory;
import org.essaim.platform.KubernetesTarget;
import org.essaim.provisioner.LocalProvisioner;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.provisioner.SpaceClient;
import org.essaim.provisioner.SpaceDatabases;
import org.essaim.provisioner.SpaceDirectory;
import org.essaim.provisioner.SpaceProvisioning;
import org.essaim.tenant.PlatformSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * How the control plane hands spaces to provisioning. With a cluster it only writes {@code Space} resources in its
 * own namespace (all its RBAC allows) and reads their status; the provisioner runs as its own leader-elected
 * deployment ({@code provisioner/deploy}). Without one, the provisioner runs in-process on the local target:
 * directory subtrees are created for real, manifests are written under the data directory, nothing runs.
 */
@Configuration(proxyBeanMethods = false)
class SpaceProvisioningConfiguration {

    @Bean
    ProvisionerSettings provisionerSettings(@Value("${essaim.spaces.domain}") String domain,
                                            @Value("${essaim.ldap.base-dn}") String baseDn,
                                            KubernetesTarget kubernetes) {
        return ProvisionerSettings.defaults(PlatformSettings.defaults(domain, baseDn), kubernetes.namespace());
    }

    @Bean(destroyMethod = "close")
    SpaceProvisioning spaceProvisioning(KubernetesTarget kubernetes, ProvisionerSettings settings,
                                        DataDirectory dataDirectory, Directory directory, Clock clock,
                                        SpaceProgress progress) {
        if (kubernetes.local()) {
            return new LocalProvisioner(dataDirectory.root(), settings, SpaceDirectory.of(directory),
                    SpaceDatabases.notConfigured(), clock, progress);
        }
        return new SpaceClient(kubernetes.client().orElseThrow(), kubernetes.namespace(), progress);
    }
}
