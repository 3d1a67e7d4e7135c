package dev.scanledger.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request {@link Api} sends while recording is on, with its answer: what a test that checks the API's
 * description against real traffic reads back.
 */
public final class Exchanges {

    public record Exchange(String method, String path, Api.Response response) {
    }

    private static final List<Exchange> RECORDED = new ArrayList<>();
    private static volatile boolean recording;

    private Exchanges() {
    }

    public static synchronized void start() {
        RECORDED.clear();
        recording = true;
    }

    public static synchronized List<Exchange> stop() {
        recording = false;
        return List.copyOf(RECORDED);
    }

    static synchronized void record(String method, String path, Api.Response response) {
        if (recording) {
            RECORDED.add(new Exchange(method, path, response));
        }
    }
}
