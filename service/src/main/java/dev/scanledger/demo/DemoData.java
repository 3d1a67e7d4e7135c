package dev.scanledger.demo;

import dev.scanledger.accounts.ApiTokens;
import dev.scanledger.accounts.Role;
import dev.scanledger.accounts.Users;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.sites.Sites;
import dev.scanledger.labels.Labels;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The demo world: one site of each kind, two drivers, a manager and 1,000 labels. Creating it again
 * changes nothing, so every start of the demo can call it.
 */
@Component
public class DemoData {

    public static final int LABEL_COUNT = 1000;
    public static final String LABEL_PREFIX = "DEMO-";

    private final Users users;
    private final ApiTokens tokens;
    private final Sites sites;
    private final Labels labels;
    private final String password;

    DemoData(Users users, ApiTokens tokens, Sites sites, Labels labels, @Value("${scanledger.demo.password:demo}") String password) {
        this.users = users;
        this.tokens = tokens;
        this.sites = sites;
        this.labels = labels;
        this.password = password;
    }

    public World create() {
        long factory = sites.getOrCreate(SiteKind.FACTORY, "Demo Factory");
        long distribution = sites.getOrCreate(SiteKind.DISTRIBUTION, "Demo Distribution Centre");
        long store = sites.getOrCreate(SiteKind.STORE, "Demo Store");
        long driver = userId("driver1", Role.DRIVER);
        userId("driver2", Role.DRIVER);
        userId("manager1", Role.MANAGER);
        labels.generate(factory, LABEL_PREFIX, LABEL_COUNT);
        return new World(factory, distribution, store, driver);
    }

    /** A fresh key for the demo driver (keys are stored hashed, so an old one cannot be shown again). */
    public String driverToken(World world) {
        return tokens.issue(world.driverId());
    }

    private long userId(String username, Role role) {
        return users.create(username, password, role).or(() -> users.idOf(username)).orElseThrow();
    }

    public record World(long factoryId, long distributionId, long storeId, long driverId) {
    }
}
