package dev.scanledger.db;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a statement that may fail on a constraint. Inside a caller's transaction (an idempotent
 * request, say) it runs under a savepoint, because a failed statement would otherwise abort the
 * whole transaction; outside one it runs as it is, without the cost of opening a transaction.
 */
@Component
public class Savepoints {

    private final TransactionTemplate nested;

    Savepoints(PlatformTransactionManager transactions) {
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public <T> T attempt(Supplier<T> statement) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return statement.get();
        }
        return nested.execute(savepoint -> statement.get());
    }
}
