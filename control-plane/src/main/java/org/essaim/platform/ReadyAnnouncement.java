package org.essaim.platform;

import org.essaim.staff.StaffBootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.nio.file.Files;

/**
 * Once everything is up: creates the first staff account when the directory has none, then says where to go
 * and how to sign in.
 */
@Component
class ReadyAnnouncement {

    private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);

    private final StaffBootstrap staffBootstrap;
    private final DataDirectory dataDirectory;
    private final EssaimProperties properties;
    private final KubernetesTarget kubernetes;

    ReadyAnnouncement(
            StaffBootstrap staffBootstrap,
            DataDirectory dataDirectory,
            EssaimProperties properties,
            KubernetesTarget kubernetes) {
        this.staffBootstrap = staffBootstrap;
        this.dataDirectory = dataDirectory;
        this.properties = properties;
        this.kubernetes = kubernetes;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        var firstSignIn = staffBootstrap.createFirstStaffIfMissing();
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
        String howToSignIn;
        if (firstSignIn.isPresent() && firstSignIn.get().passwordFile().isEmpty()) {
            howToSignIn = "user 'admin', password from ESSAIM_BOOTSTRAP_STAFF_PASSWORD";
        } else if (Files.exists(dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE))) {
            howToSignIn = "user 'admin', password in " + dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE);
        } else {
            howToSignIn = "your staff account";
        }
        log.info(
                "Essaim is ready: open http://localhost:{}/ and sign in as staff at http://localhost:{}/login with {}."
                        + " Data in {}; Kubernetes: {}.",
                port,
                port,
                howToSignIn,
                dataDirectory,
                kubernetes.describe());
    }
}
