package org.essaim.upgrade;

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

/**
 * Every {@code essaim.upgrades.check-interval}, on one replica of the cluster: the running rollout's wave in flight
 * is looked at, and the next wave starts once it is healthy.
 */
@DisallowConcurrentExecution
class UpgradeJob extends QuartzJobBean {

    private final Rollouts rollouts;

    UpgradeJob(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        rollouts.advance();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail upgradeWavesJob() {
            return JobBuilder.newJob(UpgradeJob.class).withIdentity("upgrade-waves", "upgrade")
                    .withDescription("Moves the running rollout of app versions from wave to wave").storeDurably()
                    .build();
        }

        @Bean
        Trigger upgradeWavesTrigger(JobDetail upgradeWavesJob, UpgradeSettings settings) {
            // First look one interval after start: a rollout's wave is started by the staff action itself.
            return TriggerBuilder.newTrigger().forJob(upgradeWavesJob).withIdentity("upgrade-waves", "upgrade")
                    .startAt(new java.util.Date(System.currentTimeMillis() + settings.checkInterval().toMillis()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(settings.checkInterval().toMillis()).repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount()).build();
        }
    }
}
