package dev.scanledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Django's ALLOWED_HOSTS: the service builds absolute URLs (image links, next/previous pages) from the
 * request's host, so a request naming a host not listed in {@code scanledger.allowed-hosts} is refused
 * with 400 before anything runs. Entries as Django's: an exact name, {@code .example.com} for the
 * domain and its subdomains, {@code *} for any. Behind a proxy, the host is the one the proxy forwards
 * when {@code server.forward-headers-strategy=native}. Health probes are exempt: orchestrators call
 * them by pod address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class AllowedHosts extends OncePerRequestFilter {

    private final List<String> allowed;
    private final JsonMapper json;

    AllowedHosts(@Value("${scanledger.allowed-hosts}") String allowedHosts, JsonMapper json) {
        this.allowed = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getServerName();
        if (isAllowed(host)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Detail(
                "Invalid HTTP_HOST header: '%s'. You may need to add '%s' to ALLOWED_HOSTS.".formatted(host, host)));
    }

    boolean isAllowed(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equals(name)
                    || pattern.startsWith(".") && (name.endsWith(pattern) || name.equals(pattern.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
