package dev.scanledger.metrics;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Metrics without per-request observations: Spring's observation of every request and of every
 * security filter cost about a third of a scan create's CPU (JFR), so they stay off and the service
 * counts what matters itself ({@link RequestMetrics}, {@link ScanMetrics}), with meters built once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class MetricsConfiguration {

    /** Leaves the security filter chains undecorated (no observation wrapper around each filter). */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The actuator's endpoints answer on the management port only, which binds 127.0.0.1 by default: no
     * credentials, as a Prometheus scraper on the same host expects. On the main port they are not there.
     */
    @Bean
    @Order(0)
    SecurityFilterChain managementEndpoints(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(access -> access.anyRequest().permitAll())
                .build();
    }
}
