package org.essaim.mail;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz side of {@link OutboxDelivery}: runs it until no due message is left. */
@DisallowConcurrentExecution
class OutboxDeliveryJob extends QuartzJobBean {

    private final OutboxDelivery delivery;

    OutboxDeliveryJob(OutboxDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // A full batch means more may be waiting: keep going until a batch comes back short.
        boolean fullBatch;
        do {
            fullBatch = delivery.deliverDueMessages() >= delivery.batchSize();
        } while (fullBatch && !Thread.currentThread().isInterrupted());
    }
}
