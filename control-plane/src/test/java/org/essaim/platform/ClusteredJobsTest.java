package org.essaim.platform;

import org.essaim.testing.EssaimTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.scheduling.quartz.QuartzJobBean;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Quartz job of the application is registered one way ({@link ClusteredJobs}): one durable job per job class,
 * never run twice at once (@DisallowConcurrentExecution), with one interval trigger of its own name that repeats forever and, after a misfire, waits
 * for the next interval.
 */
@EssaimTest
class ClusteredJobsTest {

    @Autowired
    Scheduler scheduler;

    @Test
    void everyJobClassIsScheduledOnceThroughClusteredJobs() throws Exception {
        Set<Class<?>> jobClasses = jobClasses();
        assertThat(jobClasses).as("job classes found on the class path").isNotEmpty();

        Map<Class<?>, JobDetail> scheduled = new HashMap<>();
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.anyJobGroup())) {
            JobDetail job = scheduler.getJobDetail(key);
            assertThat(scheduled.put(job.getJobClass(), job))
                    .as("a second job of " + job.getJobClass())
                    .isNull();
        }
        assertThat(scheduled.keySet()).as("scheduled job classes").isEqualTo(jobClasses);

        for (JobDetail job : scheduled.values()) {
            String name = job.getKey().toString();
            assertThat(job.isDurable()).as(name + " durable").isTrue();
            assertThat(job.isConcurrentExecutionDisallowed())
                    .as(name + " one run at a time")
                    .isTrue();
            assertThat(job.getDescription()).as(name + " description").isNotBlank();
            List<? extends Trigger> triggers = scheduler.getTriggersOfJob(job.getKey());
            assertThat(triggers).as(name + " triggers").hasSize(1);
            Trigger trigger = triggers.getFirst();
            assertThat(trigger.getKey().getName())
                    .as(name + " trigger name")
                    .isEqualTo(job.getKey().getName());
            assertThat(trigger.getKey().getGroup())
                    .as(name + " trigger group")
                    .isEqualTo(job.getKey().getGroup());
            assertThat(trigger).as(name + " trigger").isInstanceOf(SimpleTrigger.class);
            SimpleTrigger interval = (SimpleTrigger) trigger;
            assertThat(interval.getRepeatCount()).as(name + " repeats").isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
            assertThat(interval.getRepeatInterval()).as(name + " interval").isPositive();
            assertThat(interval.getMisfireInstruction())
                    .as(name + " misfire rule")
                    .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
        }
    }

    /** The application's job classes, found as Spring finds components: every concrete {@link QuartzJobBean}. */
    private static Set<Class<?>> jobClasses() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(QuartzJobBean.class));
        return scanner.findCandidateComponents("org.essaim").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(ClusteredJobsTest::load)
                .collect(Collectors.toSet());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
