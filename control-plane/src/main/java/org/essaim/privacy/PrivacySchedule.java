package org.essaim.privacy;

import org.essaim.platform.IntervalTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the erasure job with the clustered scheduler; its first run comes one interval after start. */
@Configuration(proxyBeanMethods = false)
class PrivacySchedule {

    static final String JOB = "application-erasure";
    static final String GROUP = "privacy";

    @Bean
    JobDetail applicationErasureJob() {
        return JobBuilder.newJob(ApplicationErasureJob.class)
                .withIdentity(JOB, GROUP)
                .withDescription("Erases the personal data of ended applications past their retention period")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger applicationErasureTrigger(JobDetail applicationErasureJob, PrivacySettings settings) {
        return IntervalTrigger.every(applicationErasureJob, settings.erasureInterval());
    }
}
