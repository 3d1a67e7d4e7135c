package dev.scanledger.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * DRF's DefaultContentNegotiation.select_renderer: a format (suffix or {@code ?format=}) keeps only its renderer
 * (none: 404); then the Accept header's media types are tried by precedence (type/subtype with parameters, then
 * type/subtype, then type/*, then *&#47;*; q-values play no part), and within one precedence the view's renderers
 * in their order, JSON first. No match: 406.
 */
final class DrfNegotiation {

    enum Renderer { JSON, HTML }

    /** The answer: a renderer, or which refusal. */
    record Outcome(Renderer renderer, boolean notFound) {
        boolean notAcceptable() {
            return renderer == null && !notFound;
        }
    }

    private DrfNegotiation() {
    }

    static Outcome select(String accept, String format, boolean browsable) {
        List<Renderer> renderers = browsable ? List.of(Renderer.JSON, Renderer.HTML) : List.of(Renderer.JSON);
        if (format != null && !format.isEmpty()) {
            renderers = renderers.stream().filter(r -> formatOf(r).equals(format)).toList();
            if (renderers.isEmpty()) {
                return new Outcome(null, true);
            }
        }
        List<List<MediaType>> byPrecedence = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        for (String token : (accept == null ? "*/*" : accept).split(",")) {
            MediaType type = MediaType.parse(token.strip());
            byPrecedence.get(3 - type.precedence()).add(type);
        }
        for (List<MediaType> types : byPrecedence) {
            for (Renderer renderer : renderers) {
                for (MediaType type : types) {
                    if (type.accepts(mediaTypeOf(renderer))) {
                        return new Outcome(renderer, false);
                    }
                }
            }
        }
        return new Outcome(null, false);
    }

    private static String formatOf(Renderer renderer) {
        return renderer == Renderer.JSON ? "json" : "api";
    }

    private static MediaType mediaTypeOf(Renderer renderer) {
        return renderer == Renderer.JSON ? MediaType.parse("application/json") : MediaType.parse("text/html");
    }

    /** DRF's _MediaType: main type, subtype and parameters, as it parses an Accept token. */
    private record MediaType(String main, String sub, Map<String, String> params) {

        static MediaType parse(String text) {
            String[] parts = text.split(";");
            String full = parts[0].strip().toLowerCase(Locale.ROOT);
            int slash = full.indexOf('/');
            String main = slash < 0 ? full : full.substring(0, slash);
            String sub = slash < 0 ? "*" : full.substring(slash + 1);
            Map<String, String> params = new TreeMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                params.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
            }
            return new MediaType(main, sub, params);
        }

        int precedence() {
            if (main.equals("*")) {
                return 0;
            }
            if (sub.equals("*")) {
                return 1;
            }
            return params.isEmpty() || params.keySet().equals(java.util.Set.of("q")) ? 2 : 3;
        }

        /** _MediaType.match, with {@code renderer} as self: does this accepted type take what the renderer makes? */
        boolean accepts(MediaType renderer) {
            for (Map.Entry<String, String> param : renderer.params.entrySet()) {
                if (!param.getKey().equals("q") && !param.getValue().equals(params.get(param.getKey()))) {
                    return false;
                }
            }
            boolean subMatches = renderer.sub.equals("*") || sub.equals("*") || sub.equals(renderer.sub);
            boolean mainMatches = renderer.main.equals("*") || main.equals("*") || main.equals(renderer.main);
            return subMatches && mainMatches;
        }
    }
}
