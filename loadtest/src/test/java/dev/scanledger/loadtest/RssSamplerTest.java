package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RssSamplerTest {

    @Test
    void readsKilobytesOfTheNamedFieldOnly() {
        assertEquals(123456, RssSampler.kilobytes("VmHWM:\t  123456 kB", "VmHWM:").getAsLong());
        assertTrue(RssSampler.kilobytes("VmRSS:\t  1 kB", "VmHWM:").isEmpty());
    }

    @Test
    void samplesThisProcess() {
        try (RssSampler sampler = new RssSampler(ProcessHandle.current().pid())) {
            assertTrue(sampler.peakMb() > 1, "a JVM uses more than 1 MB");
        }
    }
}
