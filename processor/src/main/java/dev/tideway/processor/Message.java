package dev.tideway.processor;

import java.util.Locale;

/**
 * Every diagnostic the processor reports, in one place. Each says what is wrong and how to fix it,
 * behind a short tag that tests and users can search for. Tests build their expectations with
 * {@link #format(Object...)} so that a reworded message cannot drift from its test.
 */
public enum Message {
    SCHEMA_NOT_RECORD("Schema:NotRecord",
            "@Schema applies only to records; make %s a record"),
    SCHEMA_GENERIC("Schema:Generic",
            "@Schema record %s has type parameters, which Tideway cannot store; remove them and use concrete component types"),
    SCHEMA_NOT_ACCESSIBLE("Schema:NotAccessible",
            "@Schema record %s is %s, so its companion %s cannot use it; make it a top-level or static nested record that is not private"),
    SCHEMA_UNSUPPORTED_TYPE("Schema:UnsupportedType",
            "component '%s' of %s has type %s, which Tideway cannot store; use one of: " + SupportedTypes.LIST),
    SCHEMA_NOT_A_SCHEMA("Schema:NestedNotSchema",
            "component '%s' of %s has type %s, a record without @Schema; annotate %s with @Schema"),
    SCHEMA_RECURSIVE("Schema:Recursive",
            "component '%s' of %s refers back to %s (%s), and Tideway cannot store recursive rows; break the cycle, for example with an id of the referred row"),
    SCHEMA_DUPLICATE_EXTERNAL_NAME("Schema:DuplicateExternalName",
            "components '%s' and '%s' of %s both have the external name \"%s\"; give one of them another name with @Column(name = \"...\")"),
    SCHEMA_INVALID_EXTERNAL_NAME("Schema:InvalidExternalName",
            "@Column(name = \"\") on component '%s' of %s is empty; give the column a name, or remove @Column to use '%s'"),
    SCHEMA_RESERVED_NAME("Schema:ReservedName",
            "component '%s' of %s would clash with the generated %s.%s; rename the component and keep its external name with @Column(name = \"%s\")"),
    SCHEMA_COMPANION_CLASH("Schema:CompanionClash",
            "the companion of %s would be %s, which is already %s; rename %s or move it to another package (a companion is named after the record's path with '_': Order.Line gets Order_Line_)"),
    SCHEMA_MISSING_TYPE("Schema:MissingType",
            "component '%s' of %s has type %s, which was never found or generated; check its spelling and imports"),

    PERSISTENT_INVALID_ID("PersistentSource:InvalidId",
            "persistent id \"%s\" of %s %s; use 1 to 128 characters from [A-Za-z0-9._-], such as \"words_source\""),
    PERSISTENT_DUPLICATE_ID("PersistentSource:DuplicateId",
            "persistent id \"%s\" of %s is already used by %s in %s; give each source of a class its own id"),
    PERSISTENT_PRIVATE("PersistentSource:Private",
            "@PersistentSource method %s is private, so the generated %s cannot bind it; make it package-private, protected or public"),
    PERSISTENT_STATIC("PersistentSource:Static",
            "@PersistentSource method %s is static, so the generated %s cannot bind it; make it an instance method"),
    PERSISTENT_FINAL("PersistentSource:Final",
            "@PersistentSource method %s is final, so the generated %s cannot bind it; remove final"),
    PERSISTENT_NOT_A_TABLE("PersistentSource:NotATable",
            "@PersistentSource method %s returns %s; return dev.tideway.Table<T> of a @Schema record T"),
    PERSISTENT_THROWS_CHECKED("PersistentSource:ThrowsChecked",
            "@PersistentSource method %s declares the checked exception %s, which the generated binding cannot pass on; catch it in the method and throw an unchecked exception (such as UncheckedIOException)"),
    PERSISTENT_NOT_SUBCLASSABLE("PersistentSource:NotSubclassable",
            "class %s has @PersistentSource methods but %s, so Tideway cannot generate %s to bind them; %s"),
    PERSISTENT_SUBCLASS_CLASH("PersistentSource:SubclassClash",
            "the binding subclass of %s would be %s, which is already %s; rename %s or move it to another package (a binding subclass is named after the class's path with '_': Shop.Pipeline gets Shop_Pipeline_Persistent)"),
    PERSISTENT_MISSING_TYPE("PersistentSource:MissingType",
            "@PersistentSource method %s returns %s, which was never found or generated; check its spelling and imports"),

    UNEXPECTED_ERROR("Tideway:InternalError",
            "the Tideway processor failed on %s; please report this with the stack trace: %s");

    private final String tag;
    private final String format;

    Message(String tag, String format) {
        this.tag = tag;
        this.format = format;
    }

    /** The short tag, such as {@code Schema:NotRecord}. */
    public String tag() {
        return tag;
    }

    /** The full text of the diagnostic, tag first. */
    public String format(Object... args) {
        return "[" + tag + "] " + String.format(Locale.ROOT, format, args);
    }

    /** The types a component may have, named in {@link #SCHEMA_UNSUPPORTED_TYPE}. */
    public static final class SupportedTypes {
        public static final String LIST = "String, boolean, int, long, float, double, Boolean, Integer, Long, Float, Double, "
                + "BigDecimal, Instant, LocalDate, LocalDateTime, Duration, UUID, an enum, byte[], "
                + "Optional<T> or List<T> of one of these, or another @Schema record";

        private SupportedTypes() {}
    }
}
