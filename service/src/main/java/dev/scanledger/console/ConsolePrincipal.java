package dev.scanledger.console;

import dev.scanledger.accounts.Role;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A console user as signed in: who they are and with which role, re-checked on every request. */
record ConsolePrincipal(long id, String username, Role role, String passwordHash, boolean active) implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Without the hash: what the session keeps once the password was checked. */
    ConsolePrincipal signedIn() {
        return new ConsolePrincipal(id, username, role, null, active);
    }
}
