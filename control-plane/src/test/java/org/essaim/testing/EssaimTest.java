package org.essaim.testing;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application on a random port, on the run's PostgreSQL, with its own data directory and embedded
 * directory. The outbox job is scheduled hourly so tests drive delivery themselves; the clock is a
 * {@link MutableClock}; {@link ReviewDesk} opens campaigns, files applications and signs staff in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = EssaimTestInitializer.class)
@Import({TestClockConfiguration.class, ReviewDesk.class})
public @interface EssaimTest {}
