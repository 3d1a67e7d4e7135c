package dev.scanledger.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@link ApiTest}, but the service is given an "external" PostgreSQL by {@code spring.datasource.url}
 * (one {@link ExternalPostgres} server per test JVM) instead of starting its own. Demo mode is left
 * to its default, which must be off for an external database. Every class using it shares one
 * context: the second of the two the suite starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ApiTest
@ContextConfiguration(initializers = ExternalPostgres.Initializer.class)
public @interface ExternalDatabaseApiTest {
}
