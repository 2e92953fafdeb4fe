package org.essaim.usage;

import org.essaim.platform.ClusteredJobs;
import org.essaim.space.SpaceSettings;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Every {@code essaim.usage.interval} (1 h), on one replica of the cluster: collects every running space's usage. */
@DisallowConcurrentExecution
class UsageJob extends QuartzJobBean {

    private final UsageCollector collector;

    UsageJob(UsageCollector collector) {
        this.collector = collector;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        collector.collect();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        /** The platform's source, chosen by {@code essaim.usage.source}; a wrong setting stops the start. */
        @Bean
        StorageSource storageSource(UsageSettings settings, SpaceSettings spaces) {
            return switch (settings.source()) {
                case NONE -> StorageSource.NONE;
                case SERVERINFO ->
                    new ServerInfoSource(
                            settings.serverinfo().url() == null
                                            || settings.serverinfo().url().isBlank()
                                    ? "https://{slug}." + spaces.domain()
                                    : settings.serverinfo().url(),
                            settings.serverinfo().tokenKey(),
                            settings.timeout(),
                            settings.concurrency(),
                            settings.deadline());
                case PROMETHEUS -> new PrometheusSource(settings.prometheus().url(), settings.timeout());
            };
        }

        @Bean
        JobDetail usageCollectionJob() {
            return ClusteredJobs.job(
                    UsageJob.class, "usage-collection", "usage", "Collects each space's storage and accounts");
        }

        @Bean
        Trigger usageCollectionTrigger(JobDetail usageCollectionJob, UsageSettings settings) {
            return ClusteredJobs.everyFromStart(usageCollectionJob, settings.interval());
        }
    }
}
