package org.essaim.mail;

import org.essaim.platform.ClusteredJobs;
import org.essaim.platform.EssaimProperties;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the outbox job with the clustered scheduler: one run at a time across all replicas. Its first run is one
 * interval after start (10 s by default), not at once: a replica starting must not deliver, and without SMTP log and
 * empty, the mails another replica or test is still writing out (tests set an hour and deliver themselves).
 */
@Configuration(proxyBeanMethods = false)
class OutboxSchedule {

    @Bean
    JobDetail outboxDeliveryJob() {
        return ClusteredJobs.job(
                OutboxDeliveryJob.class, "outbox-delivery", "mail", "Sends the emails waiting in the outbox");
    }

    @Bean
    Trigger outboxDeliveryTrigger(JobDetail outboxDeliveryJob, EssaimProperties properties) {
        return ClusteredJobs.everyAfterOneInterval(
                outboxDeliveryJob, properties.mail().deliveryInterval());
    }
}
