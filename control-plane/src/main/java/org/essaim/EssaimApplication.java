package org.essaim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EssaimApplication {

    public static void main(String[] args) {
        // jOOQ prints a banner and a tip at first use; Essaim's log says what Essaim does.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SpringApplication.run(EssaimApplication.class, args);
    }
}
