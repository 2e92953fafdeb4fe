package org.essaim.backup;

import org.essaim.ldap.DirectoryBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * {@code java -jar essaim.jar --essaim.backup.export=<dir>} writes the control plane's backup to a new directory;
 * {@code --essaim.backup.restore=<dir>} replaces the database's content and the directory's entries with one. Either
 * way the application starts with its usual configuration (so Flyway has migrated the database), does that one
 * thing, and exits (status 0 on success). See runbooks/restoring.md.
 */
@Component
class BackupCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupCommand.class);

    private final String export;
    private final String restore;
    private final DataSource dataSource;
    private final DirectoryBackup directory;
    private final ConfigurableApplicationContext context;

    BackupCommand(@Value("${essaim.backup.export:}") String export, @Value("${essaim.backup.restore:}") String restore,
                  DataSource dataSource, DirectoryBackup directory, ConfigurableApplicationContext context) {
        this.export = export;
        this.restore = restore;
        this.dataSource = dataSource;
        this.directory = directory;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        if (export.isBlank() && restore.isBlank()) {
            return;
        }
        ControlPlaneBackup backup = new ControlPlaneBackup(dataSource, directory);
        int status = 0;
        try {
            ControlPlaneBackup.Summary summary = export.isBlank() ? backup.restore(Path.of(restore))
                    : backup.export(Path.of(export));
            log.info("{} {}: {} rows in {} tables, {} directory entries", export.isBlank() ? "Restored from"
                            : "Exported to", export.isBlank() ? restore : export,
                    summary.rows().values().stream().mapToLong(Long::longValue).sum(), summary.rows().size(),
                    summary.directoryEntries());
        } catch (RuntimeException e) {
            log.error("The backup command failed: {}", e.getMessage());
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
