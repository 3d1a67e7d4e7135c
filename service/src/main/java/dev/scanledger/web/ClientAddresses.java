package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The address of the client a request comes from. {@code X-Forwarded-For} is believed only when the
 * request comes from a configured proxy ({@code scanledger.proxy.trusted}: addresses or CIDR ranges,
 * none by default), and then only as far as the chain of trusted proxies goes: the first address
 * from the right that is not a trusted proxy is the client. Anyone else could write any address into
 * that header, and so pick their own throttle bucket.
 */
@Component
public class ClientAddresses {

    private final List<IpAddressMatcher> trusted;

    public ClientAddresses(@Value("${scanledger.proxy.trusted:}") String trustedProxies) {
        this.trusted = Arrays.stream(trustedProxies.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
    }

    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For") == null
                ? List.of() : java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /** {@code forwardedFor}: the header's values in the order received (each may list several addresses). */
    String resolve(String remoteAddress, List<String> forwardedFor) {
        if (!isTrusted(remoteAddress)) {
            return remoteAddress;
        }
        List<String> chain = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    chain.add(hop.trim());
                }
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (!isTrusted(chain.get(i))) {
                return chain.get(i);
            }
        }
        return chain.isEmpty() ? remoteAddress : chain.get(0);
    }

    private boolean isTrusted(String address) {
        for (IpAddressMatcher proxy : trusted) {
            try {
                if (proxy.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }
}
