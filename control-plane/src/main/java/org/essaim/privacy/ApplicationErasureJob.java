package org.essaim.privacy;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Every 6 hours by default, on one replica at a time: ended applications past their retention are erased. */
@DisallowConcurrentExecution
class ApplicationErasureJob extends QuartzJobBean {

    private final ApplicationRetention retention;

    ApplicationErasureJob(ApplicationRetention retention) {
        this.retention = retention;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        retention.eraseDue();
    }
}
