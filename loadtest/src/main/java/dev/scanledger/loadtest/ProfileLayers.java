package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's CPU goes, by layer, from a JFR recording's execution samples: each sample counts
 * for the layer of its leaf-most frame that belongs to one (a HashMap lookup called by Spring MVC
 * counts for Spring MVC), so the shares add up to 100% and say what each layer costs on its own.
 * The command {@code profile <recording.jfr>}; docs/profiling.md shows how to record one.
 */
final class ProfileLayers {

    /** In order of precedence when a frame matches several. */
    static final Map<String, Pattern> LAYERS = layers();

    private ProfileLayers() {
    }

    private static Map<String, Pattern> layers() {
        Map<String, Pattern> layers = new LinkedHashMap<>();
        layers.put("JDBC driver and pool", Pattern.compile("^(org\\.postgresql|com\\.zaxxer|org\\.springframework\\.jdbc)\\."));
        layers.put("JSON read", Pattern.compile("readWithMessageConverters|^tools\\.jackson\\.databind\\.deser\\.|^tools\\.jackson\\.core\\.json\\.UTF8StreamJsonParser"));
        layers.put("JSON write", Pattern.compile("writeWithMessageConverters|^tools\\.jackson\\.databind\\.ser\\.|^tools\\.jackson\\.core\\.json\\.(UTF8JsonGenerator|WriterBasedJsonGenerator)"));
        layers.put("metrics", Pattern.compile("^io\\.micrometer\\.|^dev\\.scanledger\\.metrics\\."));
        layers.put("logging", Pattern.compile("^(ch\\.qos\\.logback|org\\.slf4j|org\\.apache\\.commons\\.logging)\\."));
        layers.put("Scanledger (scans, accounts, DRF view layer)", Pattern.compile("^dev\\.scanledger\\."));
        layers.put("Spring Security", Pattern.compile("^org\\.springframework\\.security\\."));
        layers.put("Spring MVC and core", Pattern.compile("^org\\.springframework\\."));
        layers.put("Jetty", Pattern.compile("^org\\.eclipse\\.jetty\\."));
        layers.put("JDK I/O", Pattern.compile("^(sun\\.nio|java\\.nio|sun\\.net|java\\.net)\\."));
        return layers;
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        if (args.isEmpty()) {
            out.println("Usage: java -jar scanledger-loadtest.jar profile <recording.jfr>");
            return 2;
        }
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> unplaced = new TreeMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args.get(0)))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                String layer = layerOf(frames);
                counts.merge(layer, 1L, Long::sum);
                if (layer.equals("other") && !frames.isEmpty()) {
                    unplaced.merge(frames.get(0).getMethod().getType().getName(), 1L, Long::sum);
                }
            }
        }
        out.printf("%d execution samples%n%n| layer | share of samples |%n|---|---:|%n", samples);
        long total = samples;
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / total));
        if (!unplaced.isEmpty()) {
            out.println();
            out.println("other, by leaf class: " + unplaced.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8).map(e -> e.getKey() + " " + e.getValue()).toList());
        }
        return 0;
    }

    /** Frames run from the leaf (index 0) to the thread's root. */
    static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (Map.Entry<String, Pattern> layer : LAYERS.entrySet()) {
                if (layer.getValue().matcher(name).find()) {
                    return layer.getKey();
                }
            }
        }
        return "other";
    }
}
