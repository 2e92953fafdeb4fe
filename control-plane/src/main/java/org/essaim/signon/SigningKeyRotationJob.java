package org.essaim.signon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz side of {@link SigningKeys#rotateIfDue()}: one replica at a time, hourly. */
@DisallowConcurrentExecution
class SigningKeyRotationJob extends QuartzJobBean {

    private final SigningKeys keys;

    SigningKeyRotationJob(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        keys.rotateIfDue();
    }
}
