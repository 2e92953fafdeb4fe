package org.essaim.application;

import org.essaim.platform.IntervalTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the expiry job with the clustered scheduler; its first run comes one interval after start. */
@Configuration(proxyBeanMethods = false)
class ApplicationSchedule {

    @Bean
    JobDetail applicationExpiryJob() {
        return JobBuilder.newJob(ApplicationExpiryJob.class)
                .withIdentity("application-expiry", "applications")
                .withDescription("Expires applications whose email was not confirmed in time")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger applicationExpiryTrigger(JobDetail applicationExpiryJob, ApplicationSettings settings) {
        return IntervalTrigger.every(applicationExpiryJob, settings.expiryInterval());
    }
}
