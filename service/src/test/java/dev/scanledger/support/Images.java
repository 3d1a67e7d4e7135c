package dev.scanledger.support;

/** The smallest byte sequences the service recognises as each accepted image format. */
public final class Images {

    private Images() {
    }

    public static Api.FilePart jpeg() {
        return new Api.FilePart("label.jpg", "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'});
    }

    public static Api.FilePart png() {
        return new Api.FilePart("label.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D});
    }

    public static Api.FilePart webp() {
        return new Api.FilePart("label.webp", "image/webp", new byte[] {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '});
    }

    public static Api.FilePart notAnImage() {
        return new Api.FilePart("label.jpg", "image/jpeg", "#!/bin/sh\necho not an image\n".getBytes());
    }
}
