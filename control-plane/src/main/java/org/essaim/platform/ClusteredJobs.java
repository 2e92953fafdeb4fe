package org.essaim.platform;

import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import java.time.Duration;
import java.util.Date;

/** The trigger of a clustered job that runs at an interval: the first run one interval after start. */
public final class IntervalTrigger {

    private IntervalTrigger() {
    }

    /**
     * Fires {@code job} every {@code interval}, under the job's own name; runs missed while no replica was up are
     * not caught up one by one: the next one comes at the next interval.
     */
    public static Trigger every(JobDetail job, Duration interval) {
        return TriggerBuilder.newTrigger()
                .forJob(job)
                .withIdentity(job.getKey().getName(), job.getKey().getGroup())
                .startAt(new Date(System.currentTimeMillis() + interval.toMillis()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
