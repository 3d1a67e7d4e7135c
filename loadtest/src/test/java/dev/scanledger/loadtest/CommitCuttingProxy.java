package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the service and PostgreSQL that can break one connection at the worst moment:
 * right after the server committed (its answer never reaches the client), or just before (the message
 * that would commit never reaches the server). The client cannot tell the two apart: its commit's
 * outcome is unknown. The committing message is found by a piece of its SQL text: an explicit
 * {@code COMMIT}, or the statement that runs in autocommit. pgjdbc must send the text every time
 * (prepareThreshold=0).
 */
final class CommitCuttingProxy implements AutoCloseable {

    enum Cut { AFTER_COMMIT, BEFORE_COMMIT }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final Thread acceptor;

    CommitCuttingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "commit-cutting-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * The next message, on whichever connection, whose text holds {@code committingSql} is cut this way;
     * later ones pass.
     */
    void arm(Cut cut, String committingSql) {
        armed.set(new Armed(cut, committingSql.getBytes(StandardCharsets.UTF_8)));
    }

    private record Armed(Cut cut, byte[] committingSql) {
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Connection connection = new Connection(client, server);
                start(() -> connection.pump(client, server, true), "proxy-up");
                start(() -> connection.pump(server, client, false), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable pump, String name) {
        Thread thread = new Thread(pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean cutNextReply;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, boolean upstream) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    Armed trap = armed.get();
                    if (upstream && trap != null && contains(buffer, n, trap.committingSql()) && armed.compareAndSet(trap, null)) {
                        Cut cut = trap.cut();
                        if (cut == Cut.BEFORE_COMMIT) {
                            closeBoth();
                            return;
                        }
                        cutNextReply = cut == Cut.AFTER_COMMIT;
                    } else if (!upstream && cutNextReply) {
                        closeBoth();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
