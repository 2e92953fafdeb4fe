package org.essaim.testing;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each test application context its own data directory and embedded directory on a free port, and the
 * run's shared PostgreSQL. Properties a test sets itself win over these.
 */
public class EssaimTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    /**
     * The contexts of a run share one database, so they share one sealing key as a platform's replicas do: the
     * signing keys one context made (sealed) are the others' too.
     */
    public static final String SEALING_KEY = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("essaim-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("essaim.data-dir", dataDir.toString());
        properties.put("essaim.two-step.key", SEALING_KEY);
        properties.put("essaim.ldap.embedded.port", "0");
        // Every test signs in from 127.0.0.1: the per-address limit would add up across the whole run.
        properties.put("essaim.sign-in.failures-per-address", "100000");
        properties.put("essaim.kubernetes.mode", "local");
        properties.put("essaim.mail.delivery-interval", "1h");
        properties.put("essaim.sign-on.back-channel-logout.interval", "1h");
        // Tests drive expiry themselves, with a clock they move; the job must not run in between.
        properties.put("essaim.applications.expiry-interval", "6h");
        // Every test talks from 127.0.0.1: the per-address limit is proven by its own test with a low value.
        properties.put("essaim.applications.attempts-per-address-per-hour", "0");
        properties.put("essaim.applications.applications-per-email-per-hour", "0");
        properties.put("spring.datasource.url", TestDatabase.jdbcUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.quartz.properties.org.quartz.scheduler.instanceId", "AUTO");
        // A scheduler name of its own per context: Quartz keeps the job store's connection provider in a JVM-wide
        // registry under the scheduler's name, so cached contexts sharing one name would all use the data source
        // of the last one started (an application a test has since stopped), and would fire each other's jobs.
        properties.put(
                "spring.quartz.properties.org.quartz.scheduler.instanceName",
                "essaim-test-" + CONTEXTS.incrementAndGet());
        // Above application.yml, below what a test states in @SpringBootTest(properties = ...).
        var sources = context.getEnvironment().getPropertySources();
        var testDefaults = new MapPropertySource("essaim-test", properties);
        String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
        if (sources.contains(inlined)) {
            sources.addAfter(inlined, testDefaults);
        } else {
            sources.addFirst(testDefaults);
        }
    }
}
