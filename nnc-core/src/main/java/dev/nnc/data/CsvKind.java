package dev.nnc.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code csv(path, label = "label", test, validation = 0.1)}: a numeric CSV file ({@link CsvFile}); the test
 * file, if given, must have the same feature columns.
 */
final class CsvKind implements DataKind {

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public List<DataArgument> arguments() {
        return List.of(DataArgument.required("path", "String"), DataArgument.withDefault("label", "String", "label"),
                DataArgument.optional("test", "String"));
    }

    @Override
    public Number defaultValidation() {
        return 0.1;
    }

    @Override
    public Loaded load(DataArgs args, int limit) {
        Path path = args.path("path");
        String label = args.optionalString("label").orElse("label");
        Dataset train = CsvFile.read(path, Optional.of(label), limit, Optional.empty());
        Optional<Dataset> test = args.optionalPath("test").map(t -> CsvFile.read(t, Optional.of(label),
                Integer.MAX_VALUE, Optional.of(CsvFile.featureColumns(path, label))));
        return new Loaded(train, test);
    }
}
