package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used by the service, PostgreSQL and this tool, from /proc. On a shared machine
 * throughput says how busy the neighbours were; CPU per request says what a request costs, and so
 * what would bound it on cores of its own.
 */
public record CpuTime(double service, double postgres, double tool) {

    /** Linux reports /proc times in clock ticks of 1/100 s (USER_HZ) on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * The tool's time includes its reaped children: pgbench and wrk, which run as its child processes
     * and are waited for. The service, also a child, is reaped only when it stops, after the last step.
     */
    public static CpuTime of(long servicePid, long postmasterPid) {
        return new CpuTime(seconds(servicePid, false), postgresSeconds(postmasterPid), seconds(ProcessHandle.current().pid(), true));
    }

    public CpuTime minus(CpuTime earlier) {
        return new CpuTime(service - earlier.service, postgres - earlier.postgres, tool - earlier.tool);
    }

    /** PostgreSQL is a process per connection: the postmaster's children, living and (in its child times) exited. */
    private static double postgresSeconds(long postmasterPid) {
        double total = seconds(postmasterPid, true);
        try (Stream<ProcessHandle> children = ProcessHandle.of(postmasterPid).stream().flatMap(ProcessHandle::children)) {
            total += children.mapToDouble(child -> seconds(child.pid(), false)).sum();
        }
        return total;
    }

    static double seconds(long pid, boolean withReapedChildren) {
        try {
            return fromStat(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")), withReapedChildren);
        } catch (IOException e) {
            return 0; // the process is gone; it used nothing more
        }
    }

    /** utime + stime (+ cutime + cstime), fields 14 to 17 of /proc/pid/stat; the command name may hold spaces. */
    static double fromStat(String stat, boolean withReapedChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }
}
