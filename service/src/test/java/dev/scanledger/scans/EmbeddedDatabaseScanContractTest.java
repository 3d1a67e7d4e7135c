package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.db.EmbeddedServer;
import dev.scanledger.support.ApiTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The scan contract against the service's default: the PostgreSQL it starts itself. */
@ApiTest
class EmbeddedDatabaseScanContractTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theServiceRunsOnItsOwnEmbeddedPostgres() {
        assertThat(context.getBeanNamesForType(EmbeddedServer.class)).hasSize(1);
    }

    @Nested
    class Create extends ScanCreateContract {
    }

    @Nested
    class Validation extends ScanValidationContract {
    }

    @Nested
    class RequestBodies extends ScanRequestBodyContract {
    }

    @Nested
    class LabelImages extends ScanImageContract {
    }

    @Nested
    class Duplicates extends ScanDuplicateContract {
    }

    @Nested
    class Retrieve extends ScanRetrieveContract {
    }

    @Nested
    class ListScans extends ScanListContract {
    }
}
