package dev.scanledger.loadtest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** External programs the bench drives (pgbench, wrk), found on the PATH as a shell would. */
final class Executables {

    private Executables() {
    }

    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                return true;
            }
        }
        return false;
    }
}
