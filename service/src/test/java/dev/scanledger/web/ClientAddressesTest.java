package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address X-Forwarded-For may name: only the configured proxies'. */
class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses("10.0.0.0/8, 192.168.1.5");
    private final ClientAddresses direct = new ClientAddresses("");

    @Test
    void withoutConfiguredProxiesTheHeaderIsIgnored() {
        assertThat(direct.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aClientThatIsNoProxyCannotChooseItsAddress() {
        assertThat(behindProxies.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindATrustedProxyTheClientIsTheLastAddressItAdded() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @Test
    void addressesAClientPrependedItselfAreSkippedOver() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.1"))).isEqualTo("198.51.100.1");
    }

    @Test
    void aChainOfTrustedProxiesIsWalkedFromTheRight() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("198.51.100.1, 192.168.1.5", "10.9.9.9"))).isEqualTo("198.51.100.1");
    }

    @Test
    void aTrustedProxyWithoutTheHeaderIsTheClient() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void garbageInTheHeaderIsNoTrustedProxy() {
        assertThat(behindProxies.resolve("10.1.2.3", List.of("not-an-address"))).isEqualTo("not-an-address");
    }
}
