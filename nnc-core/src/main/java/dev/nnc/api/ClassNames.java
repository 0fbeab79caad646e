package dev.nnc.api;

import dev.nnc.graph.DataSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Human names of the classes of the data sets that have them; numbers otherwise. */
public final class ClassNames {

    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> CIFAR10 = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private ClassNames() {
    }

    public static List<String> of(Optional<DataSpec> data, int classes) {
        String kind = data.map(DataSpec::kind).orElse("");
        if (kind.equals("fashionMnist") && classes == FASHION.size()) {
            return FASHION;
        }
        if (kind.equals("cifar10") && classes == CIFAR10.size()) {
            return CIFAR10;
        }
        if (kind.equals("images")) {
            List<String> folders = dev.nnc.data.DataLoader.classNames(data.get());
            if (folders.size() == classes) {
                return folders;
            }
        }
        List<String> numbers = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            numbers.add(Integer.toString(i));
        }
        return numbers;
    }
}
