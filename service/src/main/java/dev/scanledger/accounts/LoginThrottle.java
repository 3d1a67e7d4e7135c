package dev.scanledger.accounts;

import dev.scanledger.throttling.Rate;
import dev.scanledger.throttling.Throttled;
import dev.scanledger.throttling.Throttles;
import dev.scanledger.web.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing at {@code POST /api/auth/token/} and at the console's sign-in form (the same
 * buckets: a guesser gains nothing by alternating them): per client address
 * ({@code scanledger.throttle.login.per-address}, checked first, before the body is read) and per
 * username ({@code .per-username}, so guesses spread over many addresses still hit a limit), in
 * buckets every instance shares. Every attempt counts, good or bad, as DRF's throttles count every
 * request; so a success costs the same and tells nothing.
 */
@Component
public class LoginThrottle {

    private final Throttles throttles;
    private final ClientAddresses addresses;
    private final Rate perAddress;
    private final Rate perUsername;

    LoginThrottle(Throttles throttles, ClientAddresses addresses,
            @Value("${scanledger.throttle.login.per-address}") String perAddress,
            @Value("${scanledger.throttle.login.per-username}") String perUsername) {
        this.throttles = throttles;
        this.addresses = addresses;
        this.perAddress = Rate.parse(perAddress);
        this.perUsername = Rate.parse(perUsername);
    }

    public void checkAddress(HttpServletRequest request) {
        check("login-address", addresses.of(request), perAddress);
    }

    /** Usernames are matched case-insensitively here, so "Alice" and "alice" share one allowance. */
    public void checkUsername(String username) {
        check("login-username", username.toLowerCase(Locale.ROOT), perUsername);
    }

    private void check(String scope, String identity, Rate rate) {
        if (rate == null) {
            return;
        }
        Optional<Duration> wait = throttles.take(scope, identity, rate);
        if (wait.isPresent()) {
            throw new Throttled(wait.get());
        }
    }
}
