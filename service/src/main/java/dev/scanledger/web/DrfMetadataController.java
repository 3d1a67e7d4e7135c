package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * OPTIONS on every API path: DRF's SimpleMetadata. {@code actions} lists the serializer's fields for each of PUT and
 * POST the view takes and the caller may send (DRF checks the view's permissions with a clone of the request).
 */
@RestController
class DrfMetadataController {

    private final DrfRoutes routes;
    private final Map<Class<? extends SerializerInfo>, SerializerInfo> serializers;
    private final WebInvocationPrivilegeEvaluator privileges;

    DrfMetadataController(DrfRoutes routes, List<SerializerInfo> serializers, WebInvocationPrivilegeEvaluator privileges) {
        this.routes = routes;
        this.serializers = serializers.stream().collect(Collectors.toMap(SerializerInfo::getClass, s -> s));
        this.privileges = privileges;
    }

    @RequestMapping(path = "/api/**", method = RequestMethod.OPTIONS)
    Map<String, Object> options(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        DrfRoutes.Route route = routes.match(path).orElseThrow(NotFoundException::new);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", route.view().name());
        metadata.put("description", route.view().description());
        metadata.put("renders", route.renders());
        metadata.put("parses", route.parses());
        SerializerInfo serializer = serializers.get(route.view().serializer());
        if (serializer != null) {
            Map<String, Object> actions = new LinkedHashMap<>();
            for (String method : List.of("PUT", "POST")) {
                if (route.allows(method) && privileges.isAllowed(request.getContextPath(), path, method,
                        SecurityContextHolder.getContext().getAuthentication())) {
                    actions.put(method, SerializerInfo.Field.toJson(serializer.fields()));
                }
            }
            if (!actions.isEmpty()) {
                metadata.put("actions", actions);
            }
        }
        return metadata;
    }
}
