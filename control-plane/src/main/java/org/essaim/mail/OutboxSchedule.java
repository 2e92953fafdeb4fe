package org.essaim.mail;

import org.essaim.platform.EssaimProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the outbox job with the clustered scheduler: one run at a time across all replicas. */
@Configuration(proxyBeanMethods = false)
class OutboxSchedule {

    @Bean
    JobDetail outboxDeliveryJob() {
        return JobBuilder.newJob(OutboxDeliveryJob.class)
                .withIdentity("outbox-delivery", "mail")
                .withDescription("Sends the emails waiting in the outbox")
                .storeDurably()
                .build();
    }

    @Bean
    Trigger outboxDeliveryTrigger(JobDetail outboxDeliveryJob, EssaimProperties properties) {
        return TriggerBuilder.newTrigger()
                .forJob(outboxDeliveryJob)
                .withIdentity("outbox-delivery", "mail")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.mail().deliveryInterval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
