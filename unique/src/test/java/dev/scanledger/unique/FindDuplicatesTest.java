package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the rows that would stop a new unique constraint from being added. */
class FindDuplicatesTest extends OnPostgres {

    private static final String NOTES = """
            CREATE TABLE %1$s (id integer PRIMARY KEY, label text, phase integer)
            """;

    @Test
    void groups_rows_sharing_a_key_with_their_primary_keys() throws SQLException {
        String table = TestTables.create(NOTES);
        TestTables.execute("INSERT INTO %s VALUES (1, 'A', 1), (2, 'A', 1), (3, 'B', 1), (4, 'A', 1), (5, 'B', 1), (6, 'C', 1)"
                .formatted(table));

        List<DuplicateGroup> groups = unique.findDuplicates(table, List.of("label", "phase"));

        assertThat(groups).containsExactly(
                new DuplicateGroup(List.of("A", 1), 3, List.of(1, 2, 4)),
                new DuplicateGroup(List.of("B", 1), 2, List.of(3, 5)));
    }

    @Test
    void rows_with_a_null_in_the_key_are_never_duplicates() throws SQLException {
        String table = TestTables.create(NOTES);
        TestTables.execute("INSERT INTO %s VALUES (1, NULL, 1), (2, NULL, 1), (3, 'A', NULL), (4, 'A', NULL)"
                .formatted(table));

        assertThat(unique.findDuplicates(table, List.of("label", "phase"))).isEmpty();
    }

    @Test
    void identifies_rows_of_a_composite_primary_key_by_a_list_of_its_values() throws SQLException {
        String table = TestTables.create("""
                CREATE TABLE %1$s (site text, seq integer, label text, PRIMARY KEY (site, seq))
                """);
        TestTables.execute("INSERT INTO %s VALUES ('x', 1, 'A'), ('y', 1, 'A')".formatted(table));

        assertThat(unique.findDuplicates(table, List.of("label")))
                .containsExactly(new DuplicateGroup(List.of("A"), 2, List.of(List.of("x", 1), List.of("y", 1))));
    }

    @Test
    void needs_a_primary_key_to_name_the_rows() throws SQLException {
        String table = TestTables.create("CREATE TABLE %1$s (label text)");

        assertThatThrownBy(() -> unique.findDuplicates(table, List.of("label")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary key");
    }
}
