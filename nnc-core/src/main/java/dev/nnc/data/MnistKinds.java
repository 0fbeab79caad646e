package dev.nnc.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code fashionMnist(validation = 5000)} and {@code mnist(dir, validation = 5000)}: the standard four IDX
 * files (60,000 training and 10,000 test images of 1×28×28, 10 classes), gzipped or not. Both spellings of
 * the names are accepted: {@code train-images-idx3-ubyte} and {@code train-images.idx3-ubyte}.
 */
final class MnistKinds {

    static final int CLASSES = 10;

    private MnistKinds() {
    }

    static final class FashionMnist implements DataKind {
        @Override
        public String name() {
            return "fashionMnist";
        }

        @Override
        public List<DataArgument> arguments() {
            return List.of();
        }

        @Override
        public Number defaultValidation() {
            return 5000;
        }

        @Override
        public Loaded load(DataArgs args, int limit) {
            return loadDir(BundledData.fashionMnist(), limit);
        }
    }

    static final class Mnist implements DataKind {
        @Override
        public String name() {
            return "mnist";
        }

        @Override
        public List<DataArgument> arguments() {
            return List.of(DataArgument.required("dir", "String"));
        }

        @Override
        public Number defaultValidation() {
            return 5000;
        }

        @Override
        public Loaded load(DataArgs args, int limit) {
            Path dir = args.path("dir");
            DataFiles.requireDirectory(dir);
            return loadDir(dir, limit);
        }
    }

    static DataKind.Loaded loadDir(Path dir, int limit) {
        Dataset train = IdxFile.load(find(dir, "train", "images", 3), find(dir, "train", "labels", 1), limit,
                CLASSES);
        Dataset test = IdxFile.load(find(dir, "t10k", "images", 3), find(dir, "t10k", "labels", 1),
                Integer.MAX_VALUE, CLASSES);
        return new DataKind.Loaded(train, Optional.of(test));
    }

    static boolean hasTrainingImages(Path dir) {
        return Files.isDirectory(dir) && candidates(dir, "train", "images", 3).stream().anyMatch(Files::isRegularFile);
    }

    private static List<Path> candidates(Path dir, String set, String what, int rank) {
        String dash = set + "-" + what + "-idx" + rank + "-ubyte";
        String dot = set + "-" + what + ".idx" + rank + "-ubyte";
        return List.of(dir.resolve(dash + ".gz"), dir.resolve(dash), dir.resolve(dot + ".gz"), dir.resolve(dot));
    }

    private static Path find(Path dir, String set, String what, int rank) {
        List<Path> names = candidates(dir, set, what, rank);
        return names.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new DataException(
                String.format("%s: no %s or %s (gzipped or not)", dir, names.get(1).getFileName(),
                        names.get(3).getFileName())));
    }
}
