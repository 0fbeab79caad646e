package dev.nnc.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code idx(images, labels, testImages, testLabels, validation = 0)}: any unsigned-byte IDX image/label
 * pair; the classes are 0..(largest training label). The test pair is optional but comes as a pair.
 */
final class IdxKind implements DataKind {

    @Override
    public String name() {
        return "idx";
    }

    @Override
    public List<DataArgument> arguments() {
        return List.of(DataArgument.required("images", "String"), DataArgument.required("labels", "String"),
                DataArgument.optional("testImages", "String"), DataArgument.optional("testLabels", "String"));
    }

    @Override
    public Number defaultValidation() {
        return 0;
    }

    @Override
    public Loaded load(DataArgs args, int limit) {
        Optional<Path> testImages = args.optionalPath("testImages");
        Optional<Path> testLabels = args.optionalPath("testLabels");
        if (testImages.isPresent() != testLabels.isPresent()) {
            throw new DataException(args.spec().describe() + ": testImages and testLabels go together; "
                    + "give both or neither");
        }
        Dataset train = IdxFile.load(args.path("images"), args.path("labels"), limit, 0);
        Optional<Dataset> test = testImages.map(ti -> IdxFile.load(ti, testLabels.get(), Integer.MAX_VALUE, 0));
        if (test.isPresent()) {
            Dataset t = test.get();
            if (!t.exampleShape().equals(train.exampleShape())) {
                throw new DataException(String.format("%s holds examples of %s but the training images are %s",
                        testImages.get(), t.exampleShape(), train.exampleShape()));
            }
            if (t.numClasses() > train.numClasses()) {
                throw new DataException(String.format("%s: test label %d is outside the training classes 0..%d",
                        testLabels.get(), t.numClasses() - 1, train.numClasses() - 1));
            }
        }
        return new Loaded(train, test);
    }
}
