package org.essaim.upgrade;

import org.essaim.platform.ClusteredJobs;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Every {@code essaim.upgrades.check-interval}, on one replica of the cluster: the running rollout's wave in flight
 * is looked at, and the next wave starts once it is healthy.
 */
@DisallowConcurrentExecution
class UpgradeJob extends QuartzJobBean {

    private final RolloutWaves waves;

    UpgradeJob(RolloutWaves waves) {
        this.waves = waves;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        waves.advance();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail upgradeWavesJob() {
            return ClusteredJobs.job(
                    UpgradeJob.class,
                    "upgrade-waves",
                    "upgrade",
                    "Moves the running rollout of app versions from wave to wave");
        }

        @Bean
        Trigger upgradeWavesTrigger(JobDetail upgradeWavesJob, UpgradeSettings settings) {
            // First look one interval after start: a rollout's wave is started by the staff action itself.
            return ClusteredJobs.everyAfterOneInterval(upgradeWavesJob, settings.checkInterval());
        }
    }
}
