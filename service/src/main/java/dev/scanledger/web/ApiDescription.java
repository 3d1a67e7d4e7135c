package dev.scanledger.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Completes the OpenAPI description springdoc generates from the controllers with what the handlers' signatures
 * cannot say, so it describes the wire as a DRF client meets it: request bodies in their three encodings, DRF's error
 * bodies, nullable fields, the token scheme and Idempotency-Key. OpenApiContractTest checks real answers against it.
 */
@Component
class ApiDescription implements OpenApiCustomizer {

    private static final String COMPONENTS = "#/components/schemas/";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/auth/token/", "/api/");
    /** Fields a DRF answer may give as null, per schema. */
    private static final Map<String, List<String>> NULLABLE = Map.of(
            "ScanView", List.of("distribution", "store", "label_image", "label_quality"),
            // factory: null only for a label copied from Django without one
            "LabelView", List.of("factory", "furthest_phase", "furthest_site"));

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title("Scanledger API").version("1")
                .description("The scan API of the Django REST Framework service Scanledger replaces, as it is on the wire. "
                        + "Differences from DRF are listed in docs/drf-compatibility.md."));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        components.addSecuritySchemes("Token", new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name("Authorization").description("DRF's TokenAuthentication: `Authorization: Token <40 hex key>`"));
        components.addSchemas("Detail", new ObjectSchema().addProperty("detail", new StringSchema()).required(List.of("detail")));
        components.addSchemas("ValidationError", new ObjectSchema().description("DRF's ValidationError: messages per field, "
                + "or under non_field_errors").additionalProperties(new ArraySchema().items(new StringSchema())));
        components.addSchemas("ScanWrite", scanWrite());
        components.addSchemas("Credentials", new ObjectSchema().addProperty("username", new StringSchema())
                .addProperty("password", new StringSchema()).required(List.of("username", "password")));
        components.addSchemas("LabelWrite", new ObjectSchema().addProperty("factory", new IntegerSchema())
                .addProperty("code", new StringSchema().maxLength(255)).required(List.of("factory", "code")));
        nullable(components);
        // what springdoc made of handler parameters that are read by hand (described by bodies() instead)
        components.getSchemas().remove("JsonNode");
        components.getSchemas().remove("MultiValueMapStringString");
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation));
        });
    }

    private void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().removeIf(p -> p.getSchema() != null && p.getSchema().get$ref() != null
                    && p.getSchema().get$ref().endsWith("MultiValueMapStringString"));
        }
        boolean write = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
        if (!PUBLIC_PATHS.contains(path)) {
            operation.addSecurityItem(new SecurityRequirement().addList("Token"));
            respond(operation, "401", "No key, or a key that is unknown, malformed or of an inactive user");
            respond(operation, "403", "The caller's role may not do this");
        }
        respond(operation, "404", "Not found, or an unknown format (?format=, .json suffix)");
        respond(operation, "405", "A method the view lacks");
        respond(operation, "406", "An Accept header no renderer meets");
        if (write) {
            operation.getResponses().addApiResponse("400", new ApiResponse().description("Invalid input: messages per field, or a parse error")
                    .content(json(new Schema<>().oneOf(List.of(ref("ValidationError"), ref("Detail"))))));
            respond(operation, "413", "A body over the size limit");
            respond(operation, "415", "A content type the view does not parse");
            if (!path.equals("/api/auth/token/")) {
                operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .description("1 to 255 printable ASCII characters; a retry with the same key and request gets the "
                                + "stored answer with Idempotent-Replayed: true")
                        .schema(new StringSchema().minLength(1).maxLength(255)));
                respond(operation, "409", "The first request with this Idempotency-Key is still running");
                respond(operation, "422", "This Idempotency-Key was used for a different request");
            }
        } else if (method == PathItem.HttpMethod.GET) {
            operation.getResponses().addApiResponse("400", new ApiResponse().description("An invalid filter value")
                    .content(json(ref("ValidationError"))));
        }
        bodies(path, method, operation);
    }

    /** The request bodies the handlers read as raw JSON trees or form parameters. */
    private void bodies(String path, PathItem.HttpMethod method, Operation operation) {
        if (path.equals("/api/scans/") && method == PathItem.HttpMethod.POST
                || path.equals("/api/labels/{label}/scans/{phase}/") && method == PathItem.HttpMethod.PUT) {
            operation.requestBody(new RequestBody().content(new Content()
                    .addMediaType("application/json", new MediaType().schema(ref("ScanWrite")))
                    .addMediaType("multipart/form-data", new MediaType().schema(scanForm(true)))
                    .addMediaType("application/x-www-form-urlencoded", new MediaType().schema(scanForm(false)))));
        } else if (path.equals("/api/scans/batch/")) {
            operation.requestBody(new RequestBody().required(true).content(new Content()
                    .addMediaType("application/json", new MediaType().schema(new ArraySchema().items(ref("ScanWrite")).maxItems(1000)))));
        } else if (path.equals("/api/labels/") && method == PathItem.HttpMethod.POST) {
            operation.requestBody(new RequestBody().required(true).content(json(ref("LabelWrite"))));
            created(operation);
        } else if (path.equals("/api/auth/token/")) {
            Content content = new Content();
            for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data", "application/json")) {
                content.addMediaType(type, new MediaType().schema(ref("Credentials")));
            }
            operation.requestBody(new RequestBody().required(true).content(content));
        } else if (path.equals("/api/labels/import/")) {
            operation.requestBody(new RequestBody().required(true).content(new Content()
                    .addMediaType("text/csv", new MediaType().schema(new StringSchema().description("factory,code then one label a line")))));
        }
        if (path.equals("/api/labels/{label}/scans/{phase}/")) {
            created(operation);
        }
    }

    /** A handler answering 200 or 201 with the same body (get-or-create, upsert). */
    private static void created(Operation operation) {
        ApiResponse ok = operation.getResponses().get("200");
        if (ok != null) {
            operation.getResponses().addApiResponse("201", new ApiResponse().description("Created").content(ok.getContent()));
        }
    }

    private static Schema<?> scanWrite() {
        return new ObjectSchema().description("The writable fields of a scan; user, label_quality and the dates are read-only")
                .addProperty("label", new IntegerSchema())
                .addProperty("phase", new IntegerSchema()._enum(List.of(0, 1, 2, 3)))
                .addProperty("distribution", new JsonSchema().types(Set.of("integer", "null")))
                .addProperty("store", new JsonSchema().types(Set.of("integer", "null")))
                .addProperty("label_coordinate", new JsonSchema().description("any JSON value"))
                .required(List.of("label"));
    }

    private static Schema<?> scanForm(boolean multipart) {
        ObjectSchema form = new ObjectSchema();
        form.addProperty("label", new StringSchema()).addProperty("phase", new StringSchema())
                .addProperty("distribution", new StringSchema()).addProperty("store", new StringSchema())
                .addProperty("label_coordinate", new StringSchema().description("JSON text"));
        if (multipart) {
            form.addProperty("label_image", new BinarySchema().description("JPEG, PNG, GIF, BMP, TIFF or WebP; name at most 100 characters"));
        }
        return form.required(List.of("label"));
    }

    private static void nullable(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        components.getSchemas().forEach((name, schema) -> {
            @SuppressWarnings("unchecked")
            Map<String, Schema> properties = schema.getProperties();
            if (name.startsWith("Page") && properties != null) {
                for (String link : List.of("next", "previous")) {
                    Schema<?> property = properties.get(link);
                    if (property != null) {
                        property.setTypes(Set.of("string", "null"));
                    }
                }
            }
            NULLABLE.getOrDefault(name, List.of()).forEach(field -> {
                Schema<?> property = properties == null ? null : properties.get(field);
                if (property != null && property.getTypes() != null) {
                    Set<String> types = new LinkedHashSet<>(property.getTypes());
                    types.add("null");
                    property.setTypes(types);
                }
            });
            if (name.equals("ScanView") && properties != null) {
                properties.put("label_coordinate", new JsonSchema().description("any JSON value, or null"));
            }
        });
    }

    private static void respond(Operation operation, String status, String description) {
        if (operation.getResponses().get(status) == null) {
            operation.getResponses().addApiResponse(status, new ApiResponse().description(description).content(json(ref("Detail"))));
        }
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref(COMPONENTS + name);
    }
}
