package dev.scanledger.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The API's paths as DRF's URL configuration would have them, read from the service's own request mappings under
 * {@code /api/} (so a new endpoint is a route as soon as it is mapped): each path with the methods DRF's Allow header
 * lists for its view (HEAD with GET, OPTIONS always, in DRF's order) and the view's {@link DrfView} description.
 */
@Component
public class DrfRoutes {

    /** Request attribute: the format a {@code .json} suffix or {@code ?format=} asked for. */
    public static final String FORMAT_ATTRIBUTE = DrfRoutes.class.getName() + ".format";
    /** Request attribute, set when the format came from a path suffix rather than the query. */
    public static final String SUFFIX_ATTRIBUTE = DrfRoutes.class.getName() + ".suffix";
    /** DRF's default parser classes, in their order. */
    static final List<String> DEFAULT_PARSES = List.of(MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE);
    /** Django's View.http_method_names order, which DRF's Allow follows. */
    private static final List<RequestMethod> DRF_ORDER = List.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.HEAD, RequestMethod.OPTIONS);

    /** Looked up on first use: the mappings are built with the interceptors, one of which needs the routes. */
    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private volatile List<Route> routes;

    DrfRoutes(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    /** One path of the API and its view. */
    public record Route(PathPattern pattern, List<String> methods, DrfView view, List<String> parses) {

        public String template() {
            return pattern.getPatternString();
        }

        public String allowHeader() {
            return String.join(", ", methods);
        }

        public boolean allows(String method) {
            return methods.contains(method);
        }

        public List<String> renders() {
            return view.browsable() ? List.of(MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_HTML_VALUE)
                    : List.of(MediaType.APPLICATION_JSON_VALUE);
        }
    }

    /** The route of an API path (without format suffix), the most specific one when several patterns match. */
    public Optional<Route> match(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return routes().stream()
                .filter(route -> route.pattern().matches(container))
                .min(Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR));
    }

    public List<Route> all() {
        return routes();
    }

    private List<Route> routes() {
        List<Route> built = routes;
        if (built == null) {
            built = build();
            routes = built;
        }
        return built;
    }

    private List<Route> build() {
        Map<PathPattern, Set<RequestMethod>> methods = new LinkedHashMap<>();
        Map<PathPattern, DrfView> views = new LinkedHashMap<>();
        Map<PathPattern, Set<String>> consumes = new LinkedHashMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getObject().getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            DrfView view = entry.getValue().getMethodAnnotation(DrfView.class);
            if (info.getPathPatternsCondition() == null || view == null) {
                continue;
            }
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                methods.computeIfAbsent(pattern, p -> EnumSet.noneOf(RequestMethod.class)).addAll(info.getMethodsCondition().getMethods());
                views.putIfAbsent(pattern, view);
                info.getConsumesCondition().getConsumableMediaTypes()
                        .forEach(type -> consumes.computeIfAbsent(pattern, p -> new LinkedHashSet<>()).add(type.toString()));
            }
        }
        List<Route> built = new ArrayList<>();
        methods.forEach((pattern, mapped) -> {
            Set<RequestMethod> all = EnumSet.copyOf(mapped);
            if (all.contains(RequestMethod.GET)) {
                all.add(RequestMethod.HEAD);
            }
            all.add(RequestMethod.OPTIONS);
            List<String> allowed = DRF_ORDER.stream().filter(all::contains).map(RequestMethod::name).toList();
            DrfView view = views.get(pattern);
            built.add(new Route(pattern, allowed, view, parses(view, consumes.get(pattern))));
        });
        return List.copyOf(built);
    }

    /** The view's own list, else what its mappings consume (DRF's defaults first, in their order), else DRF's defaults. */
    private static List<String> parses(DrfView view, Set<String> consumed) {
        if (view.parses().length > 0) {
            return List.of(view.parses());
        }
        if (consumed == null) {
            return DEFAULT_PARSES;
        }
        List<String> parses = new ArrayList<>(DEFAULT_PARSES.stream().filter(consumed::contains).toList());
        consumed.stream().filter(type -> !parses.contains(type)).forEach(parses::add);
        return List.copyOf(parses);
    }
}
