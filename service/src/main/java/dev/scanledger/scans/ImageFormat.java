package dev.scanledger.scans;

/** The image formats a label photo may have, with the extension a stored photo gets and the type it is served as. */
enum ImageFormat {
    JPEG("jpg"), PNG("png"), GIF("gif"), BMP("bmp"), TIFF("tif"), WEBP("webp");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    String extension() {
        return extension;
    }
}
