package org.essaim.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * {@code essaim.backup.*}: given on the command line only, each turns the start into one backup command
 * ({@link BackupCommand}); neither is set in a running deployment.
 *
 * @param export  a new directory to write the control plane's backup to, then exit
 * @param restore a backup directory whose content replaces the database's and the directory's, then exit
 */
@ConfigurationProperties("essaim.backup")
record BackupCommandSettings(Path export, Path restore) {}
