package dev.tideway.samples.io;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.Schema;
import java.util.Optional;

/** A sensor reading as CSV and JSON Lines files hold it. */
@Schema
public record Reading(String sensor, @Column(name = "reading") long value, Optional<String> unit) {}
