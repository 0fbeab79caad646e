package demo;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Nnc;
import java.nio.file.Path;

/** Uses the library the plugin is built on, as a project's own code would. */
public final class Describe {

    private Describe() {
    }

    public static void main(String[] args) {
        System.out.println(Nnc.compile(Path.of(args[0]), CompileOptions.defaults()).orThrow().graph().model());
    }
}
