package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoopbackTest {

    @Test
    void onlyThisMachineIsATarget() {
        Loopback.require(URI.create("http://127.0.0.1:8000"));
        Loopback.requireJdbc("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        assertThrows(IllegalArgumentException.class, () -> Loopback.require(URI.create("http://example.com:8000")));
        assertThrows(IllegalArgumentException.class, () -> Loopback.requireJdbc("jdbc:postgresql://10.0.0.5/postgres"));
    }
}
