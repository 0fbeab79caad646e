package dev.nnc.data;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Fashion-MNIST folder shipped in the repository: {@code $NNC_DATA} (the folder itself or a folder
 * holding {@code fashion-mnist/}) if set, else {@code data/fashion-mnist} under the working directory, else
 * {@code data/fashion-mnist} in a directory above the running jar or classes ({@code target/nnc.jar} lives
 * in the repository).
 */
final class BundledData {

    static final String ENV = "NNC_DATA";
    static final String FOLDER = "fashion-mnist";

    private BundledData() {
    }

    static Path fashionMnist() {
        return locate(Optional.ofNullable(System.getenv(ENV)), Path.of("").toAbsolutePath(), codeLocation());
    }

    /** The search itself, with its inputs as parameters so a test can drive it. */
    static Path locate(Optional<String> env, Path workingDir, Optional<Path> code) {
        if (env.isPresent() && !env.get().isBlank()) {
            Path root = Path.of(env.get());
            for (Path p : List.of(root, root.resolve(FOLDER))) {
                if (MnistKinds.hasTrainingImages(p)) {
                    return p;
                }
            }
            throw new DataException(String.format("Fashion-MNIST not found: $%s is %s, which holds neither the "
                    + "IDX files nor a %s/ folder with them", ENV, root, FOLDER));
        }
        List<Path> tried = new ArrayList<>();
        Path local = workingDir.resolve("data").resolve(FOLDER);
        tried.add(local);
        if (MnistKinds.hasTrainingImages(local)) {
            return local;
        }
        if (code.isPresent()) {
            for (Path dir = code.get().toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("data").resolve(FOLDER);
                if (!candidate.equals(local)) {
                    tried.add(candidate);
                }
                if (MnistKinds.hasTrainingImages(candidate)) {
                    return candidate;
                }
            }
        }
        throw new DataException(String.format("Fashion-MNIST not found in %s; set $%s to the folder that holds "
                + "train-images-idx3-ubyte.gz", tried.size() <= 3 ? tried : tried.subList(0, 3) + " and above",
                ENV));
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = BundledData.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
