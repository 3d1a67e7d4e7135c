package dev.scanledger.loadtest;

/** The CPU time of the service, its PostgreSQL and this tool, read whenever a step starts or ends. */
record CpuMeter(long servicePid, long postmasterPid) {

    CpuTime now() {
        return CpuTime.of(servicePid, postmasterPid);
    }

    CpuTime since(CpuTime started) {
        return now().minus(started);
    }
}
