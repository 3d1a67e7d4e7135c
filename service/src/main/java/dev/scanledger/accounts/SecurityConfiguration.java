package dev.scanledger.accounts;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/** Token authentication and the per-role access rules of the API. */
@Configuration(proxyBeanMethods = false)
// Operator commands run the same application without a web server, and so without HttpSecurity.
@ConditionalOnWebApplication
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, DrfSecurityResponses responses) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new TokenAuthenticationFilter(tokens, responses), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(responses).accessDeniedHandler(responses))
                .authorizeHttpRequests(access -> access
                        .requestMatchers("/error", "/actuator/health", "/actuator/health/**", "/media/**").permitAll()
                        // Any method: DRF's obtain_auth_token answers other methods 405, not 401.
                        .requestMatchers("/api/auth/token/").permitAll()
                        // DefaultRouter's API root has DRF's default permission, AllowAny (a bad token is still refused)
                        .requestMatchers("/api/").permitAll()
                        // the OpenAPI description and its Swagger UI
                        .requestMatchers(HttpMethod.GET, "/api/schema", "/api/schema/**", "/api/docs/**").permitAll()
                        .requestMatchers("/api/scans/**").hasRole(Role.DRIVER.name())
                        .requestMatchers(HttpMethod.PUT, "/api/labels/*/scans/**").hasRole(Role.DRIVER.name())
                        .requestMatchers(HttpMethod.POST, "/api/labels/import/").hasAnyRole(Role.MANAGER.name(), Role.ADMIN.name())
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .build();
    }
}
