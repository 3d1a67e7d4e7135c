package dev.scanledger.accounts;

/** The caller of an API request, as resolved from its token, with the names the nested user of a scan shows. */
public record AuthenticatedUser(long id, String username, Role role, String firstName, String lastName) {

    public AuthenticatedUser(long id, String username, Role role) {
        this(id, username, role, "", "");
    }
}
