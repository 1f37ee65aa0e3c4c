package dev.tideway.samples.schema;

import dev.tideway.annotations.Column;
import dev.tideway.annotations.PrimaryKey;
import dev.tideway.annotations.Schema;

/** A row whose key is its bank and number, whatever its balance. */
@Schema
public record Account(@PrimaryKey String bank, @PrimaryKey @Column(name = "account_number") long number, long balance) {}
