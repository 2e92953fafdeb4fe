package org.essaim.privacy;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Date;

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
        long interval = settings.erasureInterval().toMillis();
        return TriggerBuilder.newTrigger()
                .forJob(applicationErasureJob)
                .withIdentity(JOB, GROUP)
                .startAt(new Date(System.currentTimeMillis() + interval))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval)
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
