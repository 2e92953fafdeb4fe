package org.essaim.signon;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz side of {@link BackChannelLogoutDelivery}: runs it until no due logout token is left. */
@DisallowConcurrentExecution
class BackChannelLogoutJob extends QuartzJobBean {

    private final BackChannelLogoutDelivery delivery;

    BackChannelLogoutJob(BackChannelLogoutDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        boolean fullBatch;
        do {
            fullBatch = delivery.deliverDue() >= delivery.batchSize();
        } while (fullBatch && !Thread.currentThread().isInterrupted());
    }
}
