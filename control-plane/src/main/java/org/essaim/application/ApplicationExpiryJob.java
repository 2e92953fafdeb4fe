package org.essaim.application;

import org.essaim.web.RateLimit;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Hourly: unconfirmed applications past their 7 days expire (freeing their address); old rate windows go. */
@DisallowConcurrentExecution
class ApplicationExpiryJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(ApplicationExpiryJob.class);

    private final ApplicationIntake intake;
    private final RateLimit rateLimit;

    ApplicationExpiryJob(ApplicationIntake intake, RateLimit rateLimit) {
        this.intake = intake;
        this.rateLimit = rateLimit;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        int expired = intake.expireUnconfirmed();
        rateLimit.forgetOldWindows();
        if (expired > 0) {
            log.info("{} unconfirmed application(s) expired", expired);
        }
    }
}
