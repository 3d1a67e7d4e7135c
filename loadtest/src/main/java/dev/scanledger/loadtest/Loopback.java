package dev.scanledger.loadtest;

import java.net.URI;
import java.util.Set;

/** The tool sends load only to this machine; anything else is a mistake, never a target. */
final class Loopback {

    private static final Set<String> HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private Loopback() {
    }

    static URI require(URI uri) {
        if (uri.getHost() == null || !HOSTS.contains(uri.getHost())) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only, not " + uri);
        }
        return uri;
    }

    /** jdbc:postgresql://host:port/db?... */
    static String requireJdbc(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("expected a jdbc:postgresql:// URL, not " + jdbcUrl);
        }
        require(URI.create(jdbcUrl.substring("jdbc:".length())));
        return jdbcUrl;
    }
}
