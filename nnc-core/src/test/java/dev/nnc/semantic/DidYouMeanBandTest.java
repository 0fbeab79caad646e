package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The banded distance is the full one wherever it is within the band, and "too far" elsewhere. */
class DidYouMeanBandTest {

    /** The textbook optimal-string-alignment distance, the full matrix. */
    private static int full(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Test
    void agreesWithTheFullMatrixOnRandomNearbyStrings() {
        Random r = new Random(1);
        for (int n = 0; n < 20_000; n++) {
            String a = random(r, r.nextInt(9));
            String b = mutate(r, a, r.nextInt(5));
            int limit = 1 + r.nextInt(3);
            int expected = full(a, b);
            int banded = DidYouMean.distance(a, b, limit);
            if (expected <= limit) {
                assertEquals(expected, banded, a + " / " + b + " limit " + limit);
            } else {
                assertEquals(limit + 1, banded, a + " / " + b + " limit " + limit);
            }
        }
    }

    @Test
    void suggestionsAreUnchangedForTypicalNames() {
        assertEquals(Optional.of("affine"), DidYouMean.nearest("afine", List.of("relu", "affine", "softmax")));
        assertEquals(Optional.of("softmax"), DidYouMean.nearest("sfotmax", List.of("relu", "affine", "softmax")));
        assertEquals(Optional.empty(), DidYouMean.nearest("xyz", List.of("relu", "affine", "softmax")));
    }

    private static String random(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(3)));
        }
        return sb.toString();
    }

    private static String mutate(Random r, String s, int edits) {
        StringBuilder sb = new StringBuilder(s);
        for (int e = 0; e < edits; e++) {
            int op = r.nextInt(4);
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
            if (op == 0 || sb.length() < 2) {
                sb.insert(at, (char) ('a' + r.nextInt(3)));
            } else if (op == 1) {
                sb.deleteCharAt(at);
            } else if (op == 2) {
                sb.setCharAt(at, (char) ('a' + r.nextInt(3)));
            } else if (at + 1 < sb.length()) {
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(at + 1));
                sb.setCharAt(at + 1, c);
            }
        }
        return sb.toString();
    }
}
