package dev.nnc.data;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * {@code images(dir, size = (H, W), color = rgb, test, validation = 0.1)}: Keras' {@code flow_from_directory}.
 * One sub-folder per class, named after it (classes in sorted order, {@code {'cat': 0, 'dog': 1}}); PNG and
 * JPEG files in each, decoded ({@link ImageInput}: greyscale or RGB) and resized to {@code size} (bilinear),
 * or all of one size when {@code size} is not given. The pictures are not loaded at once: they stream from disk
 * a batch at a time ({@link StreamedFeatures}), decoded on background threads.
 *
 * <p>Where the test set is: {@code test = "path"} if given; else, when {@code dir} has a {@code train}
 * sub-folder, {@code dir/train} is the training set and {@code dir/test} (if present) the test set; else the
 * class folders are {@code dir}'s sub-folders other than {@code test}, and {@code dir/test} (if present) is the
 * test set. A test set must have the training set's classes.
 *
 * <p>Files are listed in sorted order and every example is read once at load time for its header (size and
 * readability), so a broken file is reported before training starts, not in epoch 7.
 */
final class ImageFolderKind implements DataKind {

    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    @Override
    public String name() {
        return "images";
    }

    @Override
    public List<DataArgument> arguments() {
        return List.of(DataArgument.required("dir", "String"), DataArgument.optional("size", "Size"),
                DataArgument.withDefault("color", "String", "rgb"), DataArgument.optional("test", "String"));
    }

    @Override
    public Number defaultValidation() {
        return 0.1;
    }

    /** Pixels scaled to [0, 1] only, as Keras' rescale = 1/255; statistics would cost a pass over every picture. */
    @Override
    public Normalization defaultNormalization() {
        return Normalization.NONE;
    }

    /** One class folder's files, in sorted order. */
    record ClassFolder(String name, List<Path> files) {
    }

    @Override
    public Loaded load(DataArgs args, int limit) {
        Path dir = args.path("dir");
        DataFiles.requireDirectory(dir);
        Path trainDir = Files.isDirectory(dir.resolve("train")) ? dir.resolve("train") : dir;
        Optional<Path> testDir = args.optionalPath("test")
                .or(() -> Files.isDirectory(dir.resolve("test")) ? Optional.of(dir.resolve("test")) : Optional.empty());
        testDir.ifPresent(DataFiles::requireDirectory);
        List<ClassFolder> classes = classFolders(trainDir, trainDir.equals(dir));
        int channels = channels(args);
        Optional<int[]> size = size(args);
        Shape shape = shapeOf(classes, channels, size);
        Dataset train = dataset(trainDir, classes, shape, size.isPresent(), limit);
        Optional<Dataset> test = testDir.map(t -> {
            List<ClassFolder> tc = classFolders(t, false);
            List<String> names = tc.stream().map(ClassFolder::name).toList();
            if (!names.equals(classNames(classes))) {
                throw new DataException(t + ": the test classes " + names + " differ from the training classes "
                        + classNames(classes) + " in " + trainDir);
            }
            return dataset(t, tc, shape, size.isPresent(), Integer.MAX_VALUE);
        });
        return new Loaded(train, test);
    }

    /** The class names of the folder a data spec names, sorted; empty when it cannot be read. */
    static List<String> classNames(Path dir) {
        try {
            Path trainDir = Files.isDirectory(dir.resolve("train")) ? dir.resolve("train") : dir;
            return classNames(classFolders(trainDir, trainDir.equals(dir)));
        } catch (DataException e) {
            return List.of();
        }
    }

    private static List<String> classNames(List<ClassFolder> classes) {
        return classes.stream().map(ClassFolder::name).toList();
    }

    private static List<ClassFolder> classFolders(Path dir, boolean skipTest) {
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            ds.forEach(subdirs::add);
        } catch (IOException e) {
            throw DataFiles.failure(dir, e);
        }
        subdirs.removeIf(p -> skipTest && p.getFileName().toString().equals("test")
                || p.getFileName().toString().startsWith("."));
        subdirs.sort(null);
        if (subdirs.size() < 2) {
            throw new DataException(dir + ": an image folder needs one sub-folder per class, at least 2, but has "
                    + subdirs.size() + (subdirs.isEmpty() ? "" : " (" + subdirs.get(0).getFileName() + ")")
                    + "; put the pictures of each class in a folder named after it");
        }
        List<ClassFolder> out = new ArrayList<>();
        for (Path sub : subdirs) {
            List<Path> files;
            try (Stream<Path> s = Files.list(sub)) {
                files = s.filter(p -> Files.isRegularFile(p) && isImageName(p)).sorted().toList();
            } catch (IOException e) {
                throw DataFiles.failure(sub, e);
            }
            if (files.isEmpty()) {
                throw new DataException(sub + ": class folder '" + sub.getFileName() + "' has no PNG or JPEG files");
            }
            out.add(new ClassFolder(sub.getFileName().toString(), files));
        }
        return out;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith) && !n.startsWith(".");
    }

    private static int channels(DataArgs args) {
        String color = args.optionalString("color").orElse("rgb");
        return switch (color) {
            case "rgb" -> 3;
            case "grey", "gray" -> 1;
            default -> throw new DataException(args.spec().describe() + ": color = " + color
                    + " is not one of rgb, grey");
        };
    }

    private static Optional<int[]> size(DataArgs args) {
        Object v = args.spec().args().get("size");
        if (v == null) {
            return Optional.empty();
        }
        List<?> hw = (List<?>) v;
        int h = ((Number) hw.get(0)).intValue();
        int w = ((Number) hw.get(1)).intValue();
        if (h < 1 || w < 1 || (long) h * w > (1 << 24)) {
            throw new DataException(args.spec().describe() + ": size = (" + h + ", " + w + ") must be positive and"
                    + " at most 2^24 pixels");
        }
        return Optional.of(new int[] {h, w});
    }

    /** (C, H, W): H and W from {@code size}, else from the first picture's header. */
    private static Shape shapeOf(List<ClassFolder> classes, int channels, Optional<int[]> size) {
        if (size.isPresent()) {
            return Shape.of(channels, size.get()[0], size.get()[1]);
        }
        Path first = classes.get(0).files().get(0);
        int[] hw = header(first);
        return Shape.of(channels, hw[0], hw[1]);
    }

    /** Height and width from the file's header, without decoding the pixels. */
    static int[] header(Path file) {
        try (ImageInputStream in = ImageInput.open(file)) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(file + ": not a PNG or JPEG image (or a format Java cannot read)");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getHeight(0), r.getWidth(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw ImageInput.unreadable(file, e);
        }
    }

    private static Dataset dataset(Path dir, List<ClassFolder> classes, Shape shape, boolean resize, int limit) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : classes.get(c).files()) {
                files.add(f);
                labels.add(c);
            }
        }
        // Interleave the classes (they are listed folder by folder): a --limit or a validation split taken
        // from the end then holds every class. A fixed permutation, so runs are reproducible.
        int n = files.size();
        int[] perm = interleave(classes);
        List<Path> ordered = new ArrayList<>(n);
        int[] lab = new int[Math.min(n, limit)];
        for (int i = 0; i < lab.length; i++) {
            ordered.add(files.get(perm[i]));
            lab[i] = labels.get(perm[i]);
        }
        for (Path f : ordered) {
            int[] hw = header(f);
            if (!resize && (hw[0] != shape.dim(1) || hw[1] != shape.dim(2))) {
                throw new DataException(String.format("%s: %dx%d pixels, but %s is %dx%d; the images of a folder "
                        + "must have one size unless they are resized: add size = (H, W) to images(...)", f, hw[1],
                        hw[0], ordered.get(0), shape.dim(2), shape.dim(1)));
            }
        }
        int minCached = 2;
        return Dataset.ofStreamed(dir.toString(), shape, ordered.size(), e -> decode(ordered.get(e), shape), lab,
                classes.size(), minCached);
    }

    /** Round-robin over the classes: one of each in turn while they last. */
    private static int[] interleave(List<ClassFolder> classes) {
        int[] start = new int[classes.size()];
        int total = 0;
        for (int c = 0; c < classes.size(); c++) {
            start[c] = total;
            total += classes.get(c).files().size();
        }
        int[] out = new int[total];
        int k = 0;
        for (int round = 0; k < total; round++) {
            for (int c = 0; c < classes.size(); c++) {
                if (round < classes.get(c).files().size()) {
                    out[k++] = start[c] + round;
                }
            }
        }
        return out;
    }

    /** The picture's C·H·W values in 0..255, converted to the channels and resized to the shape. */
    static float[] decode(Path file, Shape shape) {
        try {
            return ImageInput.read(file, shape).pixels();
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(file + ": unreadable image: " + e.getMessage());
        }
    }

}
