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
        int handled;
        do {
            handled = delivery.deliverDueMessages();
        } while (handled > 0 && !Thread.currentThread().isInterrupted() && handledFullBatch(handled));
    }

    private boolean handledFullBatch(int handled) {
        return handled >= delivery.batchSize();
    }
}
