package io.k3j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void readsTheServersFormAsTheGeneralParserDoes() {
        for (String s : new String[]{"2026-11-28T10:04:05Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
                "1969-12-31T23:59:59Z", "2099-12-31T00:00:01Z"}) {
            assertEquals(OffsetDateTime.parse(s).toEpochSecond(), Rfc3339.epochSeconds(s), s);
        }
    }

    @Test
    void otherFormsGoToTheGeneralParser() {
        assertEquals(OffsetDateTime.parse("2026-11-28T10:04:05.123+01:00").toEpochSecond(),
                Rfc3339.epochSeconds("2026-11-28T10:04:05.123+01:00"));
        assertTrue(Rfc3339.valid("2026-11-28T10:04:05.5Z"));
    }

    @Test
    void invalidTimesAreRefused() {
        for (String s : new String[]{"2025-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-28T24:00:00Z",
                "2026-11-28T10:60:00Z", "2026-11-x8T10:00:00Z", "2026-11-28 10:00:00Z", "", "yesterday"}) {
            assertFalse(Rfc3339.valid(s), s);
        }
    }
}
