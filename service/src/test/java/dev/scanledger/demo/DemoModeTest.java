package dev.scanledger.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** When demo data is created: a pure rule of the configuration, no Spring context needed. */
class DemoModeTest {

    private static boolean demo(MockEnvironment environment) {
        return new DemoMode(environment).enabled();
    }

    @Test
    void onTheEmbeddedDefaultDemoDataIsCreated() {
        assertThat(demo(new MockEnvironment())).isTrue();
        assertThat(demo(new MockEnvironment().withProperty("spring.datasource.url", ""))).isTrue();
    }

    @Test
    void onAnExternalDatabaseDemoDataIsNotCreated() {
        assertThat(demo(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/scans"))).isFalse();
    }

    @Test
    void anExplicitSettingDecidesEitherWay() {
        assertThat(demo(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/scans")
                .withProperty("scanledger.demo.enabled", "true"))).isTrue();
        assertThat(demo(new MockEnvironment().withProperty("scanledger.demo.enabled", "false"))).isFalse();
    }

    @Test
    void anEmptySettingIsNoSetting() {
        assertThat(demo(new MockEnvironment().withProperty("scanledger.demo.enabled", ""))).isTrue();
        assertThat(demo(new MockEnvironment().withProperty("scanledger.demo.enabled", "")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/scans"))).isFalse();
    }
}
