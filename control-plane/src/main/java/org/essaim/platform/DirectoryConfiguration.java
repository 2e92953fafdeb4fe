package org.essaim.platform;

import org.essaim.ldap.DirectoryBackup;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.DirectorySettings;
import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.ldap.StaffAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The directory every account lives in: an external LDAP server when {@code essaim.ldap.url} is set, otherwise
 * the embedded one on {@code 127.0.0.1:1389} with its content under {@code <data dir>/directory}. One connection,
 * bound as the control plane, and on it each of the ldap module's parts, for the features that need them.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DirectoryConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${essaim.ldap.url:}'.isEmpty()")
    EmbeddedDirectory embeddedDirectory(EssaimProperties properties, DataDirectory dataDirectory) {
        EmbeddedDirectory directory = EmbeddedDirectory.start(
                dataDirectory.resolve("directory"),
                properties.ldap().baseDn(),
                properties.ldap().embedded().port());
        log.info(
                "Embedded directory listening on 127.0.0.1:{} (base {}), saved in {}",
                directory.port(),
                properties.ldap().baseDn(),
                dataDirectory.resolve("directory"));
        return directory;
    }

    @Bean(destroyMethod = "close")
    DirectoryConnection directoryConnection(EssaimProperties properties, ObjectProvider<EmbeddedDirectory> embedded) {
        EssaimProperties.Ldap ldap = properties.ldap();
        DirectorySettings settings = ldap.external()
                ? new DirectorySettings(ldap.url(), ldap.baseDn(), ldap.bindDn(), ldap.bindPassword())
                : embedded.getObject().settings();
        DirectoryConnection directory = DirectoryConnection.connect(settings);
        directory.ensureSkeleton();
        return directory;
    }

    @Bean
    SpaceSubtrees spaceSubtrees(DirectoryConnection directory) {
        return new SpaceSubtrees(directory);
    }

    @Bean
    SpaceMembers spaceMembers(DirectoryConnection directory) {
        return new SpaceMembers(directory);
    }

    @Bean
    StaffAccounts staffAccounts(DirectoryConnection directory) {
        return new StaffAccounts(directory);
    }

    @Bean
    DirectoryBackup directoryBackup(DirectoryConnection directory) {
        return new DirectoryBackup(directory);
    }
}
