package dev.scanledger.accounts;

/** The caller of an API request, as resolved from its token. */
public record AuthenticatedUser(long id, String username, Role role) {
}
