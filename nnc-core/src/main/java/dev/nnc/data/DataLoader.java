package dev.nnc.data;

import dev.nnc.graph.DataSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads a model's {@code train { data = ... }} into {@link DataSplits}: the kind reads its files, the first
 * {@code limit} training examples are kept, the last {@code validation} of those are held out, and the
 * normalization's statistics are computed on what remains for training and applied to every split.
 */
public final class DataLoader {

    /** Arguments every kind takes besides its own. */
    public static final String NORMALIZE = "normalize";
    public static final String VALIDATION = "validation";

    private static final Map<String, DataKind> KINDS = new LinkedHashMap<>();

    static {
        for (DataKind k : List.of(new MnistKinds.FashionMnist(), new MnistKinds.Mnist(), new IdxKind(),
                new Cifar10Kind(), new CsvKind(), new ImageFolderKind())) {
            KINDS.put(k.name(), k);
        }
    }

    private DataLoader() {
    }

    /**
     * The class names a data spec defines by itself, without loading it: an image folder's sub-folder names
     * (sorted, as its labels are numbered); empty for other kinds or an unreadable folder.
     */
    public static List<String> classNames(DataSpec spec) {
        if (!spec.kind().equals("images") || !(spec.args().get("dir") instanceof String dir)) {
            return List.of();
        }
        return ImageFolderKind.classNames(spec.baseDir().resolve(dir).normalize());
    }

    /** The registered kinds, in documentation order. */
    public static List<DataKind> kinds() {
        return List.copyOf(KINDS.values());
    }

    /** Every argument of {@code kind}, its own followed by {@code normalize} and {@code validation}. */
    public static List<DataArgument> arguments(DataKind kind) {
        List<DataArgument> all = new ArrayList<>(kind.arguments());
        all.add(DataArgument.withDefault(NORMALIZE, "String", kind.defaultNormalization().label()));
        all.add(DataArgument.withDefault(VALIDATION, "Number", kind.defaultValidation()));
        return all;
    }

    /**
     * @throws DataException for an unknown kind, a bad argument, any problem with the files, or a validation
     *                       split as large as the training set
     */
    public static DataSplits load(DataSpec spec, LoadOptions options) {
        DataKind kind = KINDS.get(spec.kind());
        if (kind == null) {
            throw new DataException(String.format("unknown data kind '%s'; known kinds: %s", spec.kind(),
                    String.join(", ", KINDS.keySet())));
        }
        checkArguments(spec, kind);
        Normalization normalization = normalization(spec, kind);
        DataKind.Loaded loaded = kind.load(new DataArgs(spec, options.allowedPaths()), options.limitOrMax());
        Dataset all = loaded.train().head(options.limitOrMax());
        Object validation = spec.args().getOrDefault(VALIDATION, kind.defaultValidation());
        List<String> notes = new ArrayList<>();
        if (validation instanceof Integer count && options.limit().isPresent() && count >= all.count()) {
            // --limit is for quick runs: a validation count meant for the whole set is scaled down, not an error
            int scaled = all.count() < 2 ? 0 : Math.max(1, all.count() / 10);
            notes.add(String.format("validation = %d does not fit the %,d training examples --limit %d leaves; "
                    + "holding out %,d (a tenth) instead", count, all.count(), options.limit().getAsInt(), scaled));
            validation = scaled;
        }
        int held = validationCount(spec, validation, all.count(), options);
        Dataset train = all.slice(0, all.count() - held);
        Preprocessing p = Preprocessing.compute(normalization, train);
        return new DataSplits(train.withPreprocessing(p), all.slice(all.count() - held, held).withPreprocessing(p),
                loaded.test().map(t -> t.withPreprocessing(p)), p, notes);
    }

    private static void checkArguments(DataSpec spec, DataKind kind) {
        List<DataArgument> known = arguments(kind);
        for (Map.Entry<String, Object> e : spec.args().entrySet()) {
            Optional<DataArgument> arg = known.stream().filter(a -> a.name().equals(e.getKey())).findFirst();
            if (arg.isEmpty()) {
                throw new DataException(String.format("%s: unknown argument '%s'; %s takes %s", spec.describe(),
                        e.getKey(), kind.name(), known.stream().map(DataArgument::name)
                                .collect(Collectors.joining(", "))));
            }
            if (!arg.get().accepts(e.getValue())) {
                throw new DataException(String.format("%s: argument '%s' must be %s", spec.describe(), e.getKey(),
                        arg.get().type().equals("Number") ? "an Int or a Double" : "a " + arg.get().type()));
            }
        }
        for (DataArgument a : known) {
            if (a.required() && !spec.args().containsKey(a.name())) {
                throw new DataException(spec.describe() + ": missing required argument '" + a.name() + "'");
            }
        }
    }

    private static Normalization normalization(DataSpec spec, DataKind kind) {
        String text = (String) spec.args().getOrDefault(NORMALIZE, kind.defaultNormalization().label());
        return Normalization.parse(text).orElseThrow(() -> new DataException(String.format(
                "%s: normalize = \"%s\" is not one of %s", spec.describe(), text, Normalization.labels())));
    }

    /**
     * The number of examples to hold out: an Int count, or a Double fraction in (0, 1) of {@code n}, rounded.
     * It must leave at least one training example.
     */
    static int validationCount(DataSpec spec, Object validation, int n, LoadOptions options) {
        int held;
        if (validation instanceof Integer i) {
            if (i < 0) {
                throw new DataException(spec.describe() + ": validation = " + i + " must not be negative");
            }
            held = i;
        } else {
            double f = ((Number) validation).doubleValue();
            if (!(f > 0 && f < 1)) {
                throw new DataException(String.format("%s: validation = %s must be an Int count or a fraction "
                        + "strictly between 0 and 1", spec.describe(), validation));
            }
            held = (int) Math.round(f * n);
        }
        if (held >= n) {
            throw new DataException(String.format("%s: the validation split (%d examples) must be smaller than "
                    + "the %d training examples%s; %s", spec.describe(), held, n,
                    options.limit().isPresent() ? " left by --limit " + options.limit().getAsInt() : "",
                    fewer(spec, n, options)));
        }
        return held;
    }

    /** What to write instead: a tenth of the {@code n} examples as a count, or as a fraction. */
    private static String fewer(DataSpec spec, int n, LoadOptions options) {
        if (n < 2) {
            return "there are too few examples to hold any out: use validation = 0";
        }
        String count = withValidation(spec, Math.max(1, n / 10)).describe();
        String fraction = withValidation(spec, 0.1).describe();
        return options.limit().isPresent()
                ? "pass --data '" + count + "' or a fraction, --data '" + fraction + "'"
                : "hold out fewer: " + count + ", or a fraction: " + fraction;
    }

    private static DataSpec withValidation(DataSpec spec, Object validation) {
        Map<String, Object> args = new LinkedHashMap<>(spec.args());
        args.put(VALIDATION, validation);
        return new DataSpec(spec.kind(), args, spec.baseDir(), spec.confined());
    }
}
