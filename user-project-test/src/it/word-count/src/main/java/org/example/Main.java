package org.example;

import dev.tideway.Pipeline;
import dev.tideway.persistence.Backend;
import dev.tideway.persistence.PersistenceConfig;
import java.nio.file.Path;

public class Main {
    public static void main(String[] args) throws Exception {
        try (Pipeline pipeline = Pipeline.create()) {
            new WordCountPipeline_Persistent(Path.of(args[0])).build(Path.of(args[1]));
            pipeline.run(PersistenceConfig.of(Backend.filesystem(Path.of(args[2]))));
        }
    }
}
