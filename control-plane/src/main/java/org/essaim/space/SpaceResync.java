package org.essaim.space;

import org.essaim.platform.ClusteredJobs;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import java.time.Duration;

/** Every minute, on one replica: approved spaces that provisioning never acknowledged are handed over again. */
@DisallowConcurrentExecution
class SpaceResync extends QuartzJobBean {

    private final SpaceLifecycle lifecycle;

    SpaceResync(SpaceLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        lifecycle.resubmitPending();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail spaceResyncJob() {
            return ClusteredJobs.job(
                    SpaceResync.class, "space-resync", "space", "Hands unacknowledged spaces to provisioning again");
        }

        @Bean
        Trigger spaceResyncTrigger(JobDetail spaceResyncJob) {
            return ClusteredJobs.everyFromStart(spaceResyncJob, Duration.ofMinutes(1));
        }
    }
}
