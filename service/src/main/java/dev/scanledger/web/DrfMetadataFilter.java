package dev.scanledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * OPTIONS on every API path, once the caller is authenticated and allowed (as DRF checks a view's permissions for
 * OPTIONS too): DRF's SimpleMetadata. {@code actions} lists the serializer's fields for each of PUT and POST the
 * view takes and the caller may send (DRF checks the permissions with a clone of the request in that method).
 */
@Component
// Operator commands run without a web server, and so without Spring Security's privilege evaluator.
@ConditionalOnWebApplication
// After Spring Security's filter chain (order -100).
@Order(-10)
class DrfMetadataFilter extends OncePerRequestFilter {

    private final DrfRoutes routes;
    private final Map<Class<? extends SerializerInfo>, SerializerInfo> serializers;
    private final WebInvocationPrivilegeEvaluator privileges;
    private final JsonMapper json;

    DrfMetadataFilter(DrfRoutes routes, List<SerializerInfo> serializers, WebInvocationPrivilegeEvaluator privileges, JsonMapper json) {
        this.routes = routes;
        this.serializers = serializers.stream().collect(Collectors.toMap(SerializerInfo::getClass, s -> s));
        this.privileges = privileges;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"OPTIONS".equals(request.getMethod()) || routes.match(path(request)).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
        String path = path(request);
        DrfRoutes.Route route = routes.match(path).orElseThrow();
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
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), metadata);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
