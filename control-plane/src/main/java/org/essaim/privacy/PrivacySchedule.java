package org.essaim.privacy;

import org.essaim.platform.ClusteredJobs;
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
        return ClusteredJobs.job(
                ApplicationErasureJob.class,
                JOB,
                GROUP,
                "Erases the personal data of ended applications past their retention period");
    }

    @Bean
    Trigger applicationErasureTrigger(JobDetail applicationErasureJob, PrivacySettings settings) {
        return ClusteredJobs.everyAfterOneInterval(applicationErasureJob, settings.erasureInterval());
    }
}
