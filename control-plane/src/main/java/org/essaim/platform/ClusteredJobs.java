package org.essaim.platform;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Duration;
import java.util.Date;

/**
 * The one way a feature registers a job with the clustered scheduler (JDBC job store, one run at a time across
 * replicas): a durable {@link #job} bean and an interval trigger bean, {@link #everyFromStart} or
 * {@link #everyAfterOneInterval}. The trigger has the job's name; runs missed while no replica was up are not caught
 * up one by one: the next one comes at the next interval.
 */
public final class ClusteredJobs {

    private ClusteredJobs() {}

    public static JobDetail job(Class<? extends Job> type, String name, String group, String description) {
        return JobBuilder.newJob(type)
                .withIdentity(name, group)
                .withDescription(description)
                .storeDurably()
                .build();
    }

    /** Fires {@code job} at once, then every {@code interval}. */
    public static Trigger everyFromStart(JobDetail job, Duration interval) {
        return trigger(job, interval).startNow().build();
    }

    /** Fires {@code job} every {@code interval}, the first time one interval after start. */
    public static Trigger everyAfterOneInterval(JobDetail job, Duration interval) {
        return trigger(job, interval)
                .startAt(new Date(System.currentTimeMillis() + interval.toMillis()))
                .build();
    }

    private static TriggerBuilder<SimpleTrigger> trigger(JobDetail job, Duration interval) {
        return TriggerBuilder.newTrigger()
                .forJob(job)
                .withIdentity(job.getKey().getName(), job.getKey().getGroup())
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount());
    }
}
