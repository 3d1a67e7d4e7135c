package dev.scanledger.scans;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Recognises an image as Django's ImageField does with Pillow, {@code Image.open(f)} then {@code verify()}: by
 * decoding each format's header structure (the frame header a JPEG needs before its scan, every PNG chunk and its
 * checksum, a GIF's first image descriptor, a BMP's bitmap header, a TIFF's first directory, a WebP's RIFF container
 * and bitstream header), never by the first bytes alone. Pixel data is not decoded, as Pillow does not decode it
 * either (a JPEG cut short inside its scan data passes both). Test resources {@code images/pillow-verdicts.csv}
 * record what Pillow said of each sample.
 */
final class ImageHeaders {

    /** Opens the file anew, from its first byte. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** PNG's limit for a chunk's length (2^31 - 1). */
    private static final long MAX_PNG_CHUNK = Integer.MAX_VALUE;
    /** Pillow's PNG modes: (bit depth, colour type) pairs it opens. */
    private static final Set<Integer> PNG_MODES = Set.of(0x0100, 0x0200, 0x0400, 0x0800, 0x1000, 0x0802, 0x1002, 0x0103,
            0x0203, 0x0403, 0x0803, 0x0804, 0x1004, 0x0806, 0x1006);
    private static final Set<Integer> BMP_HEADER_SIZES = Set.of(12, 40, 52, 56, 64, 108, 124);
    private static final Set<Integer> BMP_BITS = Set.of(1, 2, 4, 8, 16, 24, 32);
    /** Bytes per value of each TIFF field type. */
    private static final Map<Integer, Integer> TIFF_TYPE_SIZES = Map.ofEntries(Map.entry(1, 1), Map.entry(2, 1), Map.entry(3, 2),
            Map.entry(4, 4), Map.entry(5, 8), Map.entry(6, 1), Map.entry(7, 1), Map.entry(8, 2), Map.entry(9, 4), Map.entry(10, 8),
            Map.entry(11, 4), Map.entry(12, 8), Map.entry(13, 4));

    private ImageHeaders() {
    }

    static Optional<ImageFormat> identify(Source source) {
        try (InputStream in = source.open()) {
            Reader reader = new Reader(in);
            byte[] start = reader.peek(12);
            ImageFormat format = formatOf(start);
            if (format == null) {
                return Optional.empty();
            }
            boolean valid = switch (format) {
                case JPEG -> jpeg(reader);
                case PNG -> png(reader);
                case GIF -> gif(reader);
                case BMP -> bmp(reader);
                case TIFF -> tiff(source);
                case WEBP -> webp(reader);
            };
            return valid ? Optional.of(format) : Optional.empty();
        } catch (EOFException | MalformedImage e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageFormat formatOf(byte[] start) {
        if (has(start, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (has(start, 0, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n')) {
            return ImageFormat.PNG;
        }
        if (has(start, 0, 'G', 'I', 'F', '8', '7', 'a') || has(start, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return ImageFormat.GIF;
        }
        if (has(start, 0, 'B', 'M')) {
            return ImageFormat.BMP;
        }
        if (has(start, 0, 'I', 'I', 42, 0) || has(start, 0, 'M', 'M', 0, 42)) {
            return ImageFormat.TIFF;
        }
        if (has(start, 0, 'R', 'I', 'F', 'F') && has(start, 8, 'W', 'E', 'B', 'P')) {
            return ImageFormat.WEBP;
        }
        return null;
    }

    /**
     * Pillow's JpegImageFile: markers up to the start of scan, junk between markers skipped; a frame header with
     * 8-bit samples, 1, 3 or 4 components and a size must come first.
     */
    private static boolean jpeg(Reader in) throws IOException {
        in.skip(2);
        boolean frame = false;
        int b = in.u8();
        while (true) {
            if (b != 0xFF) {
                b = in.u8();
                continue;
            }
            int marker = in.u8();
            if (marker == 0xFF) {
                continue; // fill byte
            }
            if (marker == 0x00) {
                b = in.u8();
                continue;
            }
            if (marker < 0xC0 || marker == 0xFF) {
                return false; // "no marker found"
            }
            if (marker >= 0xD0 && marker <= 0xD9) {
                b = in.u8(); // RSTn, SOI, EOI carry no length
                continue;
            }
            int length = in.u16();
            if (length < 2) {
                return false;
            }
            byte[] segment = in.bytes(length - 2);
            if (isStartOfFrame(marker)) {
                if (segment.length < 6 || (segment[0] & 0xFF) != 8) {
                    return false;
                }
                int height = u16(segment, 1);
                int width = u16(segment, 3);
                int components = segment[5] & 0xFF;
                frame = width > 0 && height > 0 && (components == 1 || components == 3 || components == 4);
                if (!frame) {
                    return false;
                }
            }
            if (marker == 0xDA) {
                return frame;
            }
            b = in.u8();
        }
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Pillow's PngImageFile and verify(): IHDR first, every chunk's checksum up to IEND, image data before it. */
    private static boolean png(Reader in) throws IOException {
        in.skip(8);
        boolean header = false;
        boolean data = false;
        while (true) {
            long length = in.u32();
            byte[] type = in.bytes(4);
            if (!isChunkType(type) || length > MAX_PNG_CHUNK) {
                return false;
            }
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (name.equals("IEND")) {
                return header && data; // Pillow reads no further: IEND's checksum is not checked
            }
            CRC32 crc = new CRC32();
            crc.update(type);
            if (!header) {
                if (!name.equals("IHDR") || length < 13 || length > 64) {
                    return false;
                }
                byte[] body = in.bytes((int) length);
                crc.update(body);
                if (crc.getValue() != in.u32()) {
                    return false;
                }
                long width = u32(body, 0);
                long height = u32(body, 4);
                int mode = (body[8] & 0xFF) << 8 | body[9] & 0xFF;
                if (width == 0 || height == 0 || !PNG_MODES.contains(mode) || body[11] != 0) {
                    return false;
                }
                header = true;
                continue;
            }
            in.checksum(crc, length);
            if (crc.getValue() != in.u32()) {
                return false;
            }
            data |= name.equals("IDAT");
        }
    }

    private static boolean isChunkType(byte[] type) {
        for (byte b : type) {
            if (!(Character.isLetterOrDigit(b) && b < 128 || b == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Pillow's GifImageFile: the screen descriptor, then blocks up to the first image descriptor. */
    private static boolean gif(Reader in) throws IOException {
        byte[] screen = in.bytes(13);
        if (u16le(screen, 6) == 0 || u16le(screen, 8) == 0) {
            return false;
        }
        int flags = screen[10] & 0xFF;
        if ((flags & 0x80) != 0) {
            in.skip(3L << ((flags & 7) + 1));
        }
        while (true) {
            int block = in.u8();
            if (block == ';') {
                return false;
            }
            if (block == '!') {
                in.u8();
                for (int size = in.u8(); size != 0; size = in.u8()) {
                    in.skip(size);
                }
            } else if (block == ',') {
                byte[] descriptor = in.bytes(9);
                int local = descriptor[8] & 0xFF;
                if ((local & 0x80) != 0) {
                    in.skip(3L << ((local & 7) + 1));
                }
                in.u8(); // LZW minimum code size
                return true;
            }
        }
    }

    /** Pillow's BmpImageFile: the file header, a bitmap header of a known size, a known depth and compression. */
    private static boolean bmp(Reader in) throws IOException {
        in.skip(14);
        long headerSize = in.u32le();
        if (!BMP_HEADER_SIZES.contains((int) headerSize)) {
            return false;
        }
        byte[] header = in.bytes((int) headerSize - 4);
        long width;
        long height;
        int bits;
        long compression = 0;
        if (headerSize == 12) {
            width = u16le(header, 0);
            height = u16le(header, 2);
            bits = u16le(header, 6);
        } else {
            width = (int) u32le(header, 0);
            height = Math.abs((long) (int) u32le(header, 4));
            bits = u16le(header, 10);
            compression = u32le(header, 12);
        }
        return width > 0 && height > 0 && BMP_BITS.contains(bits) && compression <= 3;
    }

    /**
     * Pillow's TiffImageFile: the first directory and every value it points to must be in the file, with a width,
     * a length, strip or tile offsets, and a sample layout Pillow has a mode for (photometric interpretation and samples per pixel).
     */
    private static boolean tiff(Source source) throws IOException {
        long fileLength;
        try (InputStream in = source.open()) {
            fileLength = in.transferTo(OutputStream.nullOutputStream());
        }
        try (InputStream in = source.open()) {
            Reader reader = new Reader(in);
            byte[] head = reader.bytes(8);
            boolean little = head[0] == 'I';
            long directory = little ? u32le(head, 4) : u32(head, 4);
            if (directory < 8) {
                return false;
            }
            reader.skip(directory - 8);
            int entries = little ? u16le(reader.bytes(2), 0) : u16(reader.bytes(2), 0);
            Map<Integer, long[]> tags = new HashMap<>();
            for (int i = 0; i < entries; i++) {
                byte[] entry = reader.bytes(12);
                int tag = little ? u16le(entry, 0) : u16(entry, 0);
                int type = little ? u16le(entry, 2) : u16(entry, 2);
                long count = little ? u32le(entry, 4) : u32(entry, 4);
                int unit = TIFF_TYPE_SIZES.getOrDefault(type, 0);
                if (unit == 0) {
                    continue; // Pillow skips a tag of an unknown type
                }
                long value = type == 3 ? (little ? u16le(entry, 8) : u16(entry, 8)) : (little ? u32le(entry, 8) : u32(entry, 8));
                if (count * unit > 4 && value + count * unit > fileLength) {
                    return false;
                }
                tags.put(tag, new long[] {value, count});
            }
            reader.bytes(4); // the next directory's offset
            long samples = tags.containsKey(277) ? tags.get(277)[0] : 1;
            long bitDepths = tags.containsKey(258) ? tags.get(258)[1] : 1;
            long photometric = tags.containsKey(262) ? tags.get(262)[0] : 0;
            return positive(tags, 256) && positive(tags, 257) && (tags.containsKey(273) || tags.containsKey(324))
                    && (bitDepths == 1 || bitDepths == samples) && hasMode(photometric, samples);
        }
    }

    /** Whether Pillow has a mode for this photometric interpretation with this many samples (extra ones allowed). */
    private static boolean hasMode(long photometric, long samples) {
        return switch ((int) photometric) {
            case 0, 1, 3 -> samples >= 1 && samples <= 2;
            case 2 -> samples >= 3 && samples <= 5;
            case 5 -> samples >= 4 && samples <= 5;
            case 6, 8 -> samples == 3;
            default -> false;
        };
    }

    private static boolean positive(Map<Integer, long[]> tags, int tag) {
        return tags.containsKey(tag) && tags.get(tag)[0] > 0;
    }

    /**
     * libwebp's demuxer (Pillow opens WebP through it): the whole RIFF container must be there, each chunk within it,
     * and the first image chunk must carry a valid VP8 key frame or VP8L header.
     */
    private static boolean webp(Reader in) throws IOException {
        byte[] riff = in.bytes(12);
        long riffSize = u32le(riff, 4);
        if (riffSize < 12 || riffSize % 2 != 0) {
            return false;
        }
        long remaining = riffSize - 4;
        boolean extended = false;
        while (remaining >= 8) {
            byte[] chunkHeader = in.bytes(8);
            String fourcc = new String(chunkHeader, 0, 4, StandardCharsets.ISO_8859_1);
            long size = u32le(chunkHeader, 4);
            long padded = size + (size & 1);
            if (padded > remaining - 8) {
                return false;
            }
            remaining -= 8 + padded;
            switch (fourcc) {
                case "VP8 " -> {
                    return vp8(in.bytes((int) Math.min(size, 10)), size) && skipRest(in, padded - Math.min(size, 10), remaining);
                }
                case "VP8L" -> {
                    return vp8l(in.bytes((int) Math.min(size, 5))) && skipRest(in, padded - Math.min(size, 5), remaining);
                }
                case "VP8X" -> {
                    if (size < 10) {
                        return false;
                    }
                    extended = true;
                    in.skip(padded);
                }
                case "ANMF" -> {
                    return extended && skipRest(in, padded, remaining);
                }
                default -> {
                    if (!extended) {
                        return false;
                    }
                    in.skip(padded);
                }
            }
        }
        return false;
    }

    private static boolean skipRest(Reader in, long chunkRest, long containerRest) throws IOException {
        in.skip(chunkRest + containerRest);
        return true;
    }

    private static boolean vp8(byte[] header, long chunkSize) {
        if (header.length < 10) {
            return false;
        }
        int bits = header[0] & 0xFF | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        boolean keyFrame = (bits & 1) == 0;
        boolean shown = (bits >> 4 & 1) == 1;
        int width = u16le(header, 6) & 0x3FFF;
        int height = u16le(header, 8) & 0x3FFF;
        return keyFrame && (bits >> 1 & 7) <= 3 && shown && (bits >> 5) < chunkSize
                && has(header, 3, 0x9D, 0x01, 0x2A) && width > 0 && height > 0;
    }

    private static boolean vp8l(byte[] header) {
        return header.length == 5 && (header[0] & 0xFF) == 0x2F && (header[4] & 0xFF) >> 5 == 0;
    }

    private static boolean has(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static int u16le(byte[] b, int at) {
        return (b[at + 1] & 0xFF) << 8 | b[at] & 0xFF;
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static long u32le(byte[] b, int at) {
        return (long) u16le(b, at + 2) << 16 | u16le(b, at);
    }

    /** A file structurally wrong in a way no reading can fix. */
    private static final class MalformedImage extends IOException {
        MalformedImage() {
            super(null, null);
        }
    }

    /** Reads the file forward; running out of bytes is an {@link EOFException}. */
    private static final class Reader {
        private final InputStream in;
        private byte[] peeked = new byte[0];
        private int peekedAt;

        Reader(InputStream in) {
            this.in = in;
        }

        byte[] peek(int count) throws IOException {
            peeked = in.readNBytes(count);
            peekedAt = 0;
            return Arrays.copyOf(peeked, peeked.length);
        }

        int u8() throws IOException {
            if (peekedAt < peeked.length) {
                return peeked[peekedAt++] & 0xFF;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }

        int u16() throws IOException {
            return u8() << 8 | u8();
        }

        long u32() throws IOException {
            return (long) u16() << 16 | u16();
        }

        long u32le() throws IOException {
            byte[] b = bytes(4);
            return ImageHeaders.u32le(b, 0);
        }

        byte[] bytes(int count) throws IOException {
            if (count < 0) {
                throw new MalformedImage();
            }
            byte[] out = new byte[count];
            int filled = 0;
            while (filled < count && peekedAt < peeked.length) {
                out[filled++] = peeked[peekedAt++];
            }
            if (in.readNBytes(out, filled, count - filled) != count - filled) {
                throw new EOFException();
            }
            return out;
        }

        /** Adds the next {@code count} bytes to the checksum, a block at a time. */
        void checksum(CRC32 crc, long count) throws IOException {
            byte[] block = new byte[8192];
            long left = count;
            while (left > 0) {
                byte[] next = left >= block.length ? block : new byte[(int) left];
                int n = next.length;
                byte[] read = bytes(n);
                crc.update(read, 0, n);
                left -= n;
            }
        }

        void skip(long count) throws IOException {
            long left = count;
            while (left > 0 && peekedAt < peeked.length) {
                peekedAt++;
                left--;
            }
            if (left > 0) {
                in.skipNBytes(left);
            }
        }
    }
}
