package dev.scanledger.console;

import dev.scanledger.accounts.LoginThrottle;
import dev.scanledger.accounts.Role;
import dev.scanledger.throttling.Throttled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's own sign-in, apart from the token API: a filter chain for {@code /console/**} only,
 * ordered before the API's, with a sign-in form, a session cookie, CSRF protection, sign-out and an
 * idle timeout. Managers and admins only: a driver's correct password is refused at the form.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ConsoleSecurity {

    static final String DRIVERS_REFUSED = "Drivers sign in with the app; the console is for managers and admins.";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, ConsoleAccounts accounts, PasswordEncoder passwords, LoginThrottle throttle,
            MeterRegistry meters, @Value("${scanledger.console.session-timeout}") Duration sessionTimeout) throws Exception {
        Counter signedIn = Counter.builder("scanledger.console.logins").tag("outcome", "success").register(meters);
        Counter refused = Counter.builder("scanledger.console.logins").tag("outcome", "failure").register(meters);
        Counter throttled = Counter.builder("scanledger.console.logins").tag("outcome", "throttled").register(meters);
        AuthenticationSuccessHandler success = (request, response, authentication) -> {
            signedIn.increment();
            request.getSession().setMaxInactiveInterval((int) sessionTimeout.toSeconds());
            response.sendRedirect(request.getContextPath() + "/console/");
        };
        AuthenticationFailureHandler failure = (request, response, e) -> {
            refused.increment();
            String reason = e instanceof DisabledException && DRIVERS_REFUSED.equals(e.getMessage()) ? "driver" : "credentials";
            response.sendRedirect(request.getContextPath() + "/console/login?error=" + reason);
        };
        return http
                .securityMatcher("/console/**")
                .authenticationProvider(managersOnly(accounts, passwords))
                .authorizeHttpRequests(access -> access
                        .requestMatchers("/console/login", "/console/assets/**").permitAll()
                        // the refusal page below, forwarded to from a refused request (never a client's own request)
                        .dispatcherTypeMatchers(DispatcherType.FORWARD).permitAll()
                        .anyRequest().hasAnyRole(Role.MANAGER.name(), Role.ADMIN.name()))
                .formLogin(form -> form
                        .loginPage("/console/login")
                        .loginProcessingUrl("/console/login")
                        .successHandler(success)
                        .failureHandler(failure)
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl("/console/login?signed-out")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(session -> session.invalidSessionUrl("/console/login?expired"))
                .exceptionHandling(errors -> errors.accessDeniedHandler(ConsoleSecurity::refused))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.deny()))
                .addFilterBefore(new ThrottledSignIn(throttle, throttled), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new StillAllowed(accounts), AnonymousAuthenticationFilter.class)
                .build();
    }

    static final String REFUSED_ATTRIBUTE = ConsoleSecurity.class.getName() + ".refused";

    /**
     * A refused request gets a console page that says why, not the API's JSON. A form whose CSRF token is stale
     * (the page was open across a sign-in, a sign-out or a restart) is the usual case; signed out, the visitor
     * is sent to sign in again.
     */
    private static void refused(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException, ServletException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (e instanceof CsrfException && (signedIn == null || !(signedIn.getPrincipal() instanceof ConsolePrincipal))) {
            response.sendRedirect(request.getContextPath() + "/console/login?expired");
            return;
        }
        request.setAttribute(REFUSED_ATTRIBUTE, e instanceof CsrfException
                ? "This form was out of date (it was opened before a sign-in or in another session). Reload the page and send it again."
                : "You may not do this.");
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        request.getRequestDispatcher("/console/refused").forward(request, response);
    }

    /** The password check of the form, refusing drivers (and inactive users) once their password is right. */
    private static AuthenticationProvider managersOnly(ConsoleAccounts accounts, PasswordEncoder passwords) {
        DaoAuthenticationProvider passwordCheck = new DaoAuthenticationProvider(accounts);
        passwordCheck.setPasswordEncoder(passwords);
        // the password first, then whether the account is active: refusing an inactive user before hashing would
        // answer faster, which tells that the username exists (an unknown one is hashed against a stand-in)
        passwordCheck.setPreAuthenticationChecks(user -> { });
        passwordCheck.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) throws AuthenticationException {
                Authentication checked = passwordCheck.authenticate(attempt);
                ConsolePrincipal user = (ConsolePrincipal) checked.getPrincipal();
                if (user.role() == Role.DRIVER || user.role() == Role.NONE) {
                    throw new DisabledException(DRIVERS_REFUSED);
                }
                return UsernamePasswordAuthenticationToken.authenticated(user.signedIn(), null, user.getAuthorities());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /**
     * The sign-in form takes from the API login's buckets (per client address, then per username), before the
     * password is checked: a throttled attempt is refused whatever its password, and says when to try again.
     */
    static final class ThrottledSignIn extends OncePerRequestFilter {

        private final LoginThrottle throttle;
        private final Counter throttled;

        ThrottledSignIn(LoginThrottle throttle, Counter throttled) {
            this.throttle = throttle;
            this.throttled = throttled;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && request.getRequestURI().equals(request.getContextPath() + "/console/login"));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                throttle.checkAddress(request);
                String username = request.getParameter("username");
                if (username != null && !username.isBlank()) {
                    // as the form's own filter reads it
                    throttle.checkUsername(username.trim());
                }
            } catch (Throttled e) {
                throttled.increment();
                response.setHeader("Retry-After", String.valueOf(e.waitSeconds()));
                response.sendRedirect(request.getContextPath() + "/console/login?error=throttled&wait=" + e.waitSeconds());
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * A signed-in session follows its user's account at once: deactivated, or made a driver, and the
     * next request is signed out; a changed role applies from the next request on.
     */
    static final class StillAllowed extends OncePerRequestFilter {

        private final ConsoleAccounts accounts;

        StillAllowed(ConsoleAccounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof ConsolePrincipal signedIn) {
                Optional<ConsolePrincipal> now = accounts.byId(signedIn.id());
                if (now.isEmpty() || !now.get().active() || now.get().role() == Role.DRIVER || now.get().role() == Role.NONE) {
                    SecurityContextHolder.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    response.sendRedirect(request.getContextPath() + "/console/login?error=deactivated");
                    return;
                }
                if (now.get().role() != signedIn.role()) {
                    ConsolePrincipal updated = now.get().signedIn();
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities()));
                }
            }
            chain.doFilter(request, response);
        }
    }
}
