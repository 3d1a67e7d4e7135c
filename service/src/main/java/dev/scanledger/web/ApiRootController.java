package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** DefaultRouter's API root: each registered collection and its absolute URL (with the suffix's format, if any). */
@RestController
class ApiRootController {

    /** The router's registrations, in order. */
    private static final List<Map.Entry<String, String>> COLLECTIONS = List.of(Map.entry("scans", "/api/scans/"),
            Map.entry("labels", "/api/labels/"));

    @GetMapping("/api/")
    @DrfView(name = "Api Root", description = "The default basic root view for DefaultRouter")
    Map<String, String> root(HttpServletRequest request) {
        Object format = request.getAttribute(DrfRoutes.FORMAT_ATTRIBUTE);
        boolean suffixed = format != null && request.getAttribute(DrfRoutes.SUFFIX_ATTRIBUTE) != null;
        Map<String, String> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> collection : COLLECTIONS) {
            String path = collection.getValue();
            // DRF's reverse(..., format=...) puts the format into the path: /api/scans.json
            String target = suffixed ? path.substring(0, path.length() - 1) + "." + format : path;
            root.put(collection.getKey(), ServletUriComponentsBuilder.fromCurrentContextPath().path(target).toUriString());
        }
        return root;
    }
}
