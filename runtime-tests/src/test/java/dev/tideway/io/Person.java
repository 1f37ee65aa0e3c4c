package dev.tideway.io;

import dev.tideway.annotations.Schema;
import java.util.Optional;

/** A test row with a required string, a required long and an optional string. */
@Schema
public record Person(String name, long age, Optional<String> city) {
    public static Person of(String name, long age) {
        return new Person(name, age, Optional.empty());
    }

    public static Person of(String name, long age, String city) {
        return new Person(name, age, Optional.of(city));
    }
}
