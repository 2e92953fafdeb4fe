package org.essaim.application;

import org.essaim.platform.ClusteredJobs;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the expiry job with the clustered scheduler; its first run comes one interval after start. */
@Configuration(proxyBeanMethods = false)
class ApplicationSchedule {

    @Bean
    JobDetail applicationExpiryJob() {
        return ClusteredJobs.job(
                ApplicationExpiryJob.class,
                "application-expiry",
                "applications",
                "Expires applications whose email was not confirmed in time");
    }

    @Bean
    Trigger applicationExpiryTrigger(JobDetail applicationExpiryJob, ApplicationSettings settings) {
        return ClusteredJobs.everyAfterOneInterval(applicationExpiryJob, settings.expiryInterval());
    }
}
