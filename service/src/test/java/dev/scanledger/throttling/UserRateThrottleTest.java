package dev.scanledger.throttling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.accounts.Role;
import dev.scanledger.support.ApiTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * DRF's UserRateThrottle, off by default (the shared test configuration leaves it off): here built
 * with a rate of its own, on the real bucket table.
 */
@ApiTest
class UserRateThrottleTest {

    @Autowired
    Throttles throttles;
    @Autowired
    JsonMapper json;

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aUserOverTheRateGetsDrfs429WithRetryAfter() throws Exception {
        UserRateThrottle throttle = new UserRateThrottle(throttles, Rate.parse("2/min"), json);
        AuthenticatedUser user = new AuthenticatedUser(System.nanoTime(), "throttled", Role.DRIVER);
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));

        assertThat(send(throttle).getStatus()).isEqualTo(200);
        assertThat(send(throttle).getStatus()).isEqualTo(200);
        MockHttpServletResponse third = send(throttle);

        assertThat(third.getStatus()).isEqualTo(429);
        assertThat(third.getHeader("Retry-After")).isEqualTo("30");
        assertThat(third.getContentAsString()).isEqualTo("{\"detail\":\"Request was throttled. Expected available in 30 seconds.\"}");
    }

    @Test
    void offByDefault() throws Exception {
        UserRateThrottle throttle = new UserRateThrottle(throttles, (Rate) null, json);
        for (int i = 0; i < 5; i++) {
            assertThat(send(throttle).getStatus()).isEqualTo(200);
        }
    }

    private static MockHttpServletResponse send(UserRateThrottle throttle) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(new MockHttpServletRequest("GET", "/api/scans/"), response, new MockFilterChain());
        return response;
    }
}
