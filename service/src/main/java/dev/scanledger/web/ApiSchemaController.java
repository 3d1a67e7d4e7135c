package dev.scanledger.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The OpenAPI description at {@code /api/schema/}, with the trailing slash of every other API path; springdoc serves
 * it at {@code /api/schema}, beside which it keeps the Swagger UI's configuration.
 */
@Controller
@Hidden
class ApiSchemaController {

    @GetMapping("/api/schema/")
    String schema() {
        return "forward:/api/schema";
    }
}
