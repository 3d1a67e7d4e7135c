package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.Fixtures.Account;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/scans/}: the caller's scans, by id (or ?ordering=), in DRF's page-number pages, with filters. */
abstract class ScanListContract extends ScanContract {

    Account driver;
    /** The driver's five scans as created, oldest first: labels a..e, phases 0,1,2,3,0. */
    List<JsonNode> scans = new ArrayList<>();
    List<Long> labels;

    @BeforeEach
    void aDriverWithFiveScans() {
        driver = fixtures.driver();
        labels = fixtures.labels(4);
        int[] phases = {0, 1, 2, 3};
        for (int i = 0; i < 4; i++) {
            scans.add(created(driver, labels.get(i), phases[i]));
        }
        scans.add(created(driver, labels.get(0), 2));
        created(fixtures.driver(), fixtures.label(), 1); // someone else's scan
    }

    private List<Long> ids(Api.Response page) {
        return StreamSupport.stream(page.json().get("results").spliterator(), false).map(s -> s.get("id").asLong()).toList();
    }

    /** The ids of the driver's scans at these indexes (in creation order), in the order given. */
    private List<Long> idsOf(int... indexes) {
        List<Long> ids = new ArrayList<>();
        for (int index : indexes) {
            ids.add(scans.get(index).get("id").asLong());
        }
        return ids;
    }

    @Test
    void theCallersOwnScansAreListedByIdAscending() {
        Api.Response page = list(driver, "");

        assertThatResponse(page).hasStatus(200);
        assertThat(page.json().propertyNames()).containsExactly("count", "next", "previous", "results");
        assertThat(page.json().get("count").asLong()).isEqualTo(5);
        assertThat(page.json().get("next").isNull()).isTrue();
        assertThat(page.json().get("previous").isNull()).isTrue();
        assertThat(ids(page)).isEqualTo(idsOf(0, 1, 2, 3, 4));
    }

    @Test
    void listedScansAreSerializedAsWhenCreated() {
        assertThat(list(driver, "").json().get("results").get(0)).isEqualTo(scans.get(0));
    }

    @Test
    void aDriverWithoutScansGetsAnEmptyFirstPage() {
        assertThatResponse(list(fixtures.driver(), "")).hasStatus(200)
                .hasJson("{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}");
    }

    @Test
    void pagesLinkToTheNextAndPreviousPageKeepingOtherParameters() {
        Api.Response first = list(driver, "?page_size=2");
        Api.Response second = list(driver, "?page_size=2&page=2");
        Api.Response third = list(driver, "?page=3&page_size=2");

        assertThat(first.json().get("count").asLong()).isEqualTo(5);
        assertThat(ids(first)).isEqualTo(idsOf(0, 1));
        assertThat(first.json().get("next").asString()).isEqualTo(api.url(SCANS + "?page=2&page_size=2"));
        assertThat(first.json().get("previous").isNull()).isTrue();

        assertThat(ids(second)).isEqualTo(idsOf(2, 3));
        assertThat(second.json().get("next").asString()).isEqualTo(api.url(SCANS + "?page=3&page_size=2"));
        assertThat(second.json().get("previous").asString()).isEqualTo(api.url(SCANS + "?page_size=2"));

        assertThat(ids(third)).isEqualTo(idsOf(4));
        assertThat(third.json().get("next").isNull()).isTrue();
        assertThat(third.json().get("previous").asString()).isEqualTo(api.url(SCANS + "?page=2&page_size=2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"?page=4&page_size=2", "?page=2", "?page=0", "?page=-1", "?page=abc", "?page=1.0", "?page=LAST", "?page=", "?page=&page_size=2"})
    void aPageThatDoesNotExistIsInvalid(String query) {
        assertThatResponse(list(driver, query)).hasStatus(404).hasDetail("Invalid page.");
    }

    @Test
    void pageLastIsTheLastPage() {
        Api.Response page = list(driver, "?page=last&page_size=2");

        assertThatResponse(page).hasStatus(200);
        assertThat(ids(page)).isEqualTo(idsOf(4));
        assertThat(page.json().get("next").isNull()).isTrue();
        assertThat(page.json().get("previous").asString()).isEqualTo(api.url(SCANS + "?page=2&page_size=2"));
    }

    @Test
    void anEmptyFirstPageIsStillAPageButTheSecondIsNot() {
        Account idle = fixtures.driver();

        assertThatResponse(list(idle, "?page=1")).hasStatus(200);
        assertThatResponse(list(idle, "?page=2")).hasStatus(404).hasDetail("Invalid page.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "abc", ""})
    void aPageSizeThatIsNotAPositiveIntegerFallsBackToTheDefault(String size) {
        Api.Response page = list(driver, "?page_size=" + size);

        assertThatResponse(page).hasStatus(200);
        assertThat(ids(page)).hasSize(5);
    }

    @Test
    void thePageSizeIsCappedAtOneThousand() {
        Account busy = fixtures.driver();
        fixtures.scans(busy, fixtures.labels(1001), 1);

        Api.Response page = list(busy, "?page_size=5000");

        assertThat(page.json().get("count").asLong()).isEqualTo(1001);
        assertThat(page.json().get("results").size()).isEqualTo(1000);
        assertThat(page.json().get("next").asString()).isEqualTo(api.url(SCANS + "?page=2&page_size=5000"));
    }

    @Test
    void theDefaultPageSizeIsFifty() {
        Account busy = fixtures.driver();
        fixtures.scans(busy, fixtures.labels(51), 1);

        Api.Response page = list(busy, "");

        assertThat(page.json().get("results").size()).isEqualTo(50);
        assertThat(page.json().get("next").asString()).isEqualTo(api.url(SCANS + "?page=2"));
    }


    @Test
    void everyPageIsItsSliceOfTheWholeListWhicheverEndItIsFoundFrom() {
        Account busy = fixtures.driver();
        List<Long> oldestFirst = new ArrayList<>();
        for (long label : fixtures.labels(7)) {
            oldestFirst.add(created(busy, label, 3).get("id").asLong());
        }
        List<Long> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        List<Long> all = new ArrayList<>(oldestFirst);
        all.add(created(busy, fixtures.label(), 1).get("id").asLong());

        for (int page = 1; page <= 4; page++) {
            int from = 2 * (page - 1);
            int to = Math.min(7, 2 * page);
            assertThat(ids(list(busy, "?phase=3&page_size=2&page=" + page))).isEqualTo(oldestFirst.subList(from, to));
            assertThat(ids(list(busy, "?phase=3&ordering=-created_date&page_size=2&page=" + page))).isEqualTo(newestFirst.subList(from, to));
        }
        assertThat(ids(list(busy, "?phase=3&page_size=3&page=last"))).isEqualTo(oldestFirst.subList(6, 7));
        assertThat(ids(list(busy, "?page_size=3&page=last"))).isEqualTo(all.subList(6, 8));
    }

    @Test
    void filteredByLabel() {
        Api.Response page = list(driver, "?label=" + labels.get(0));

        assertThat(page.json().get("count").asLong()).isEqualTo(2);
        assertThat(ids(page)).isEqualTo(idsOf(0, 4));
    }

    @Test
    void filteredByPhase() {
        assertThat(ids(list(driver, "?phase=2"))).isEqualTo(idsOf(2, 4));
        assertThat(ids(list(driver, "?phase=0"))).isEqualTo(idsOf(0));
    }

    @Test
    void filteredByLabelAndPhase() {
        assertThat(ids(list(driver, "?label=%d&phase=2".formatted(labels.get(0))))).isEqualTo(idsOf(4));
    }

    @Test
    void anEmptyFilterValueIsNoFilter() {
        assertThat(ids(list(driver, "?label=&phase="))).hasSize(5);
    }

    @Test
    void aLabelFilterOfAnotherDriversLabelMatchesNothingOfTheCaller() {
        long othersLabel = fixtures.label();
        created(fixtures.driver(), othersLabel, 1);

        assertThatResponse(list(driver, "?label=" + othersLabel)).hasStatus(200)
                .hasJson("{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}");
    }

    @Test
    void filtersAreKeptInPageLinks() {
        assertThat(list(driver, "?phase=2&page_size=1").json().get("next").asString())
                .isEqualTo(api.url(SCANS + "?page=2&page_size=1&phase=2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "x1", "999999999", "0", "99999999999999999999"})
    void aLabelFilterThatIsNoLabelsPkIsNotAValidChoice(String value) {
        assertThatResponse(list(driver, "?label=" + value)).hasStatus(400)
                .hasFieldError("label", "Select a valid choice. That choice is not one of the available choices.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "4", "-1", "x", "01"})
    void aPhaseFilterOutsideTheChoicesIsNotAValidChoice(String value) {
        assertThatResponse(list(driver, "?phase=" + value)).hasStatus(400)
                .hasFieldError("phase", "Select a valid choice. " + value + " is not one of the available choices.");
    }

    @Test
    void bothInvalidFiltersAreNamedInOneAnswer() {
        assertThatResponse(list(driver, "?label=abc&phase=9")).hasStatus(400).hasJson("""
                {"label": ["Select a valid choice. That choice is not one of the available choices."],
                 "phase": ["Select a valid choice. 9 is not one of the available choices."]}
                """);
    }

    @Test
    void orderingNamesAFieldAscendingOrWithAMinusDescending() {
        assertThat(ids(list(driver, "?ordering=-id"))).isEqualTo(idsOf(4, 3, 2, 1, 0));
        assertThat(ids(list(driver, "?ordering=-created_date"))).isEqualTo(idsOf(4, 3, 2, 1, 0));
        assertThat(ids(list(driver, "?ordering=updated_date"))).isEqualTo(idsOf(0, 1, 2, 3, 4));
    }

    @Test
    void orderingTakesSeveralCommaSeparatedFields() {
        // phases 0,1,2,3,2 and labels a,b,c,d,a
        assertThat(ids(list(driver, "?ordering=-phase,id"))).isEqualTo(idsOf(3, 2, 4, 1, 0));
        assertThat(ids(list(driver, "?ordering=label,%20-phase"))).isEqualTo(idsOf(4, 0, 1, 2, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nothing", "-user", "label_image", "", ",", "--id", "user__username"})
    void orderingByNoOrderableFieldIsIgnored(String ordering) {
        assertThat(ids(list(driver, "?ordering=" + ordering))).isEqualTo(idsOf(0, 1, 2, 3, 4));
    }

    @Test
    void unknownFieldsAmongOrderableOnesAreDropped() {
        assertThat(ids(list(driver, "?ordering=nothing,-id"))).isEqualTo(idsOf(4, 3, 2, 1, 0));
    }

    @Test
    void pageLinksKeepTheOrdering() {
        Api.Response first = list(driver, "?ordering=-id&page_size=2");

        assertThat(ids(first)).isEqualTo(idsOf(4, 3));
        assertThat(first.json().get("next").asString()).isEqualTo(api.url(SCANS + "?ordering=-id&page=2&page_size=2"));
    }
}
