package org.essaim.space;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

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
            return JobBuilder.newJob(SpaceResync.class).withIdentity("space-resync", "space")
                    .withDescription("Hands unacknowledged spaces to provisioning again").storeDurably().build();
        }

        @Bean
        Trigger spaceResyncTrigger(JobDetail spaceResyncJob) {
            return TriggerBuilder.newTrigger().forJob(spaceResyncJob).withIdentity("space-resync", "space")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount()).build();
        }
    }
}
