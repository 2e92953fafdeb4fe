package org.essaim.application;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Date;

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
        long interval = settings.expiryInterval().toMillis();
        return TriggerBuilder.newTrigger()
                .forJob(applicationExpiryJob)
                .withIdentity("application-expiry", "applications")
                .startAt(new Date(System.currentTimeMillis() + interval))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval)
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
