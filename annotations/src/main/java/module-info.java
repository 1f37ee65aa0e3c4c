/**
 * Tideway's annotations: {@code @Schema}, {@code @PersistentSource}, {@code @Column},
 * {@code @PrimaryKey} and the marker of generated code. Read by the processor at compile time; the
 * runtime requires this module transitively, so a user module needs only {@code requires dev.tideway}.
 */
module dev.tideway.annotations {
    exports dev.tideway.annotations;
}
