package dev.scanledger.accounts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing, needed by the web service and by the operator commands alike. */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    /**
     * Scanledger's own hashes carry a {@code {id}} prefix ({@code {bcrypt}...}); a hash without one was
     * copied from Django (its hashes start with the algorithm's name) and is checked as Django checks it.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new DjangoPasswordHashes());
        return encoder;
    }
}
