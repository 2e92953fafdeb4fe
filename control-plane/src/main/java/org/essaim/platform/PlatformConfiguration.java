package org.essaim.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The few things every part of Essaim shares: one clock and one data directory. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataDirectory dataDirectory(EssaimProperties properties) {
        return DataDirectory.prepare(properties.dataDir());
    }
}
