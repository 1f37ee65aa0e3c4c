package org.example;

import dev.tideway.annotations.Schema;

@Schema
public record Word(String word) {}
