package dev.scanledger.scans;

import org.springframework.web.multipart.MultipartFile;

/** An uploaded label photo whose header was recognised as one of the accepted formats; read again when stored. */
record ScanImage(MultipartFile file, ImageFormat format) {

    String extension() {
        return format.extension();
    }
}
