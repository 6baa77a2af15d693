package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TruncatingConverterTest {

    @Test
    void shortLinesAreUnchanged() {
        assertThat(TruncatingConverter.truncate("abc", 3)).isEqualTo("abc");
    }

    @Test
    void longLinesAreCutWithAMarkerNamingTheCutLength() {
        assertThat(TruncatingConverter.truncate("abcdefghij", 4)).isEqualTo("abcd… [truncated 6 chars]");
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String line = "ab\uD83D\uDE00cd"; // a, b, one emoji (two chars), c, d
        assertThat(TruncatingConverter.truncate(line, 3)).isEqualTo("ab… [truncated 4 chars]");
    }
}
