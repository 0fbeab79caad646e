package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import java.util.Collection;
import java.util.Optional;

/**
 * Suggests the known name nearest to a misspelt one, by Damerau–Levenshtein (optimal string alignment). Only a
 * distance up to 3 is a suggestion, so only a diagonal band of the matrix is computed: linear in the name's length.
 */
public final class DidYouMean {

    /**
     * Candidates compared per lookup at most. With names of at most {@link dev.nnc.syntax.SourceParser#MAX_NAME_LENGTH}
     * characters and a band of width 7, a lookup is bounded however many names a file declares.
     */
    static final int MAX_COMPARED = 10_000;

    private DidYouMean() {
    }

    public static Optional<String> nearest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int compared = 0;
        for (String c : candidates) {
            // the distance is at least the difference in length: most candidates cost nothing
            if (Math.abs(c.length() - name.length()) > limit) {
                continue;
            }
            if (++compared > MAX_COMPARED) {
                break;
            }
            int d = distance(lower, c.toLowerCase(java.util.Locale.ROOT), limit);
            // d < length: replacing every letter of a short name is not a spelling mistake
            if (d <= limit && d < name.length() && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "did you mean 'x'?" or null. */
    public static String hint(String name, Collection<String> candidates) {
        return nearest(name, candidates).map(s -> "did you mean '" + s + "'?").orElse(null);
    }

    /** {@code d} with the hint "did you mean 'x'?" and the fix that replaces its span (the misspelt name) with x. */
    public static Diagnostic withFix(Diagnostic d, String suggestion) {
        return d.withHint("did you mean '" + suggestion + "'?")
                .withFix(Fix.replace("Change to '" + suggestion + "'", d.span(), suggestion));
    }

    /** The exact distance, computed only for a band of width {@code 2·limit+1}; above {@code limit} it is {@code limit+1}. */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int far = limit + 1;
        // three rows of the matrix, since optimal string alignment looks two rows back
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = Math.min(j, far);
        }
        for (int i = 1; i <= n; i++) {
            java.util.Arrays.fill(cur, far);
            cur[0] = Math.min(i, far);
            int from = Math.max(1, i - limit);
            int to = Math.min(m, i + limit);
            int rowMin = cur[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = Math.min(d, far);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return far;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }

    static int distance(String a, String b) {
        return distance(a, b, Math.max(a.length(), b.length()));
    }
}
