package dev.scanledger.accounts;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Token authentication and the per-role access rules of the API. The chain holds only what a token API
 * uses (docs/profiling.md, the levers): no session, so no session management and its response wrapper;
 * no servlet API wrapper around the request (the code reads the principal from the security context);
 * and Django's own security headers, written before the answer, so no response wrapper either.
 */
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
                .sessionManagement(AbstractHttpConfigurer::disable)
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .servletApi(AbstractHttpConfigurer::disable)
                // Django 3.2's SecurityMiddleware and XFrameOptionsMiddleware: these three, nothing else.
                .headers(headers -> headers.defaultsDisabled()
                        .contentTypeOptions(nosniff -> { })
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                            @Override
                            public <F extends HeaderWriterFilter> F postProcess(F filter) {
                                filter.setShouldWriteHeadersEagerly(true);
                                return filter;
                            }
                        }))
                .addFilterBefore(new TokenAuthenticationFilter(tokens, responses), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(responses).accessDeniedHandler(responses))
                .authorizeHttpRequests(access -> access
                        // the scans' routes first: most requests are theirs, and no rule before them matches them
                        .requestMatchers("/api/scans/**").hasRole(Role.DRIVER.name())
                        .requestMatchers("/error", "/actuator/health", "/actuator/health/**", "/media/**").permitAll()
                        // Any method: DRF's obtain_auth_token answers other methods 405, not 401.
                        .requestMatchers("/api/auth/token/").permitAll()
                        // DefaultRouter's API root has DRF's default permission, AllowAny (a bad token is still refused)
                        .requestMatchers("/api/").permitAll()
                        // the OpenAPI description and its Swagger UI
                        .requestMatchers(HttpMethod.GET, "/api/schema", "/api/schema/**", "/api/docs/**").permitAll()
                        .requestMatchers(HttpMethod.PUT, "/api/labels/*/scans/**").hasRole(Role.DRIVER.name())
                        .requestMatchers(HttpMethod.POST, "/api/labels/import/").hasAnyRole(Role.MANAGER.name(), Role.ADMIN.name())
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .build();
    }
}
