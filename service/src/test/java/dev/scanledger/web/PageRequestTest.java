package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** DRF's PageNumberPagination rules: parsing ?page= and ?page_size=, page bounds and links. */
class PageRequestTest {

    private static MockHttpServletRequest request(String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/scans/");
        request.setServerName("scans.example");
        request.setServerPort(8000);
        request.setQueryString(query.isEmpty() ? null : query);
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                request.addParameter(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }

    @AfterEach
    void clearRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | 1 | 50
            page=3             | 3 | 50
            page=%20%202       | 2 | 50
            page_size=10       | 1 | 10
            page_size=1000     | 1 | 1000
            page_size=1001     | 1 | 1000
            page_size=99999999999999 | 1 | 1000
            page_size=+7       | 1 | 7
            page_size=0        | 1 | 50
            page_size=-1       | 1 | 50
            page_size=ten      | 1 | 50
            page_size=         | 1 | 50
            page=last          | 0 | 50
            """)
    void pageAndPageSizeAreParsedAsDrfDoes(String query, int page, int size) {
        assertThat(PageRequest.of(request(query.replace("%20", " ")))).isEqualTo(new PageRequest(page, size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "abc", "1.0", "Last", "2147483648"})
    void anyOtherPageIsInvalid(String page) {
        assertThatThrownBy(() -> PageRequest.of(request("page=" + page)))
                .isInstanceOf(NotFoundException.class).hasMessage("Invalid page.");
    }

    @Test
    void aPageLoadsItsRowsAtItsOffsetWithLinksOnBothSides() {
        MockHttpServletRequest request = request("page_size=10&page=2&phase=1");
        AtomicLong offset = new AtomicLong(-1);

        Page<String> page = PageRequest.of(request).load(request, 25, at -> {
            offset.set(at);
            return List.of("row");
        });

        assertThat(offset).hasValue(10);
        assertThat(page).isEqualTo(new Page<>(25, "http://scans.example:8000/api/scans/?page=3&page_size=10&phase=1",
                "http://scans.example:8000/api/scans/?page_size=10&phase=1", List.of("row")));
    }

    @Test
    void theLastPageIsResolvedFromTheCount() {
        MockHttpServletRequest request = request("page=last&page_size=10");
        AtomicLong offset = new AtomicLong(-1);

        Page<String> page = PageRequest.of(request).load(request, 25, at -> {
            offset.set(at);
            return List.of();
        });

        assertThat(offset).hasValue(20);
        assertThat(page.next()).isNull();
        assertThat(page.previous()).isEqualTo("http://scans.example:8000/api/scans/?page=2&page_size=10");
    }

    @Test
    void anEmptyFirstPageIsAPageWithoutLoadingRows() {
        MockHttpServletRequest request = request("");

        assertThat(PageRequest.of(request).<String>load(request, 0, at -> {
            throw new AssertionError("nothing to load");
        })).isEqualTo(new Page<>(0, null, null, List.of()));
    }

    @Test
    void aPagePastTheLastIsInvalid() {
        MockHttpServletRequest request = request("page=2");

        assertThatThrownBy(() -> PageRequest.of(request).load(request, 50, at -> List.of()))
                .isInstanceOf(NotFoundException.class).hasMessage("Invalid page.");
    }
}
