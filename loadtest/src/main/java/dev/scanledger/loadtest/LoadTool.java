package dev.scanledger.loadtest;

public final class LoadTool {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not built yet");
    }
}
