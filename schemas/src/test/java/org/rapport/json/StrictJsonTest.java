package org.rapport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

/** Issue 9, item 9: the documents a lenient reader half-accepts are refused whole, without quoting them. */
class StrictJsonTest {

    @Test
    void twoArraysInOneBodyAreRefusedNotCutAfterTheFirst() {
        assertThat(problem("[{\"a\":1}][{\"client_ref\":\"MRN-9\"}]"))
                .isEqualTo("unreadable JSON: more than one JSON value (only one object or one array is allowed)"
                        + " at line 1, column 10"); // the second "[" is the 10th character
        assertThat(problem("{\"a\":1} {\"a\":2}")).startsWith("unreadable JSON: more than one JSON value");
    }

    @Test
    void aKeyTwiceInOneObjectIsRefusedNotLastOneWins() {
        assertThat(problem("{\"clinic_id\":\"clinic-north\",\"clinic_id\":\"clinic-south\"}"))
                .startsWith("unreadable JSON: a key appears twice in one object at line 1");
        assertThat(problem("[{\"x\":{\"k\":1,\"k\":2}}]")).startsWith("unreadable JSON: a key appears twice");
    }

    @Test
    void theSameKeyInTwoObjectsIsFine() throws Exception {
        assertThat(StrictJson.mapper().readTree("[{\"k\":1},{\"k\":2}]").size()).isEqualTo(2);
    }

    @Test
    void otherSyntaxErrorsSayWhereButNeverQuoteTheText() {
        assertThat(problem("{\"client_ref\": MRN-0001}")).isEqualTo("unreadable JSON at line 1, column 16") // the M
                .doesNotContain("MRN");
        assertThat(problem("{'single': 1}")).startsWith("unreadable JSON at line 1");
        assertThat(problem("[1,]")).startsWith("unreadable JSON at line 1");
    }

    private static String problem(String json) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> StrictJson.mapper().readTree(json));
        assertThat(e).as("refused: " + json).isNotNull();
        return StrictJson.problem(e);
    }
}
