package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV cells as Python's {@code str()} prints them. */
class CsvResultsTest {

    @ParameterizedTest
    @CsvSource({"-1,-1", "12,12"})
    void integersPrintAsIntegers(int value, String expected) {
        assertEquals(expected, CsvResults.cell(value));
    }
}
