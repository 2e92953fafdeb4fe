package org.essaim.backup;

import org.essaim.ldap.DirectoryBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * {@code java -jar essaim.jar --essaim.backup.export=<dir>} writes the control plane's backup to a new directory;
 * {@code --essaim.backup.restore=<dir>} replaces the database's content and the directory's entries with one. Either
 * way the application starts with its usual configuration (so Flyway has migrated the database), does that one
 * thing, and exits (status 0 on success). See runbooks/restoring.md.
 */
@Component
class BackupCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupCommand.class);

    private final Path export;
    private final Path restore;
    private final DataSource dataSource;
    private final DirectoryBackup directory;
    private final ConfigurableApplicationContext context;

    BackupCommand(
            BackupCommandSettings settings,
            DataSource dataSource,
            DirectoryBackup directory,
            ConfigurableApplicationContext context) {
        this.export = settings.export();
        this.restore = settings.restore();
        this.dataSource = dataSource;
        this.directory = directory;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (export == null && restore == null) {
            return;
        }
        ControlPlaneBackup backup = new ControlPlaneBackup(dataSource, directory);
        int status = 0;
        try {
            ControlPlaneBackup.Summary summary = export == null ? backup.restore(restore) : backup.export(export);
            log.info(
                    "{} {}: {} rows in {} tables, {} directory entries",
                    export == null ? "Restored from" : "Exported to",
                    export == null ? restore : export,
                    summary.rows().values().stream().mapToLong(Long::longValue).sum(),
                    summary.rows().size(),
                    summary.directoryEntries());
        } catch (RuntimeException e) {
            log.error("The backup command failed: {}", e.getMessage());
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
