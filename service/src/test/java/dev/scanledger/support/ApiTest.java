package dev.scanledger.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port over a real (embedded) PostgreSQL, with {@link Fixtures}, {@link Api},
 * {@link Snapshots} and {@link HeldLocks} available for injection. Every test class using it shares one
 * context and database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({Fixtures.class, Api.class, Snapshots.class, HeldLocks.class})
public @interface ApiTest {
}
