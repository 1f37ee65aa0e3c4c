package dev.tideway;

/**
 * Implemented by Tideway's own expressions (columns, constants, functions, reducers, UDFs, join
 * sides): their canonical text, from which operator identity is computed (see
 * {@code docs/state-format.md}, "Operator identity"). The text names what the expression computes —
 * its function, its constants and types, its operands' canonical texts, a UDF's identity (its code's
 * fingerprint or its {@link UserFunction#version version}) — never a {@code toString()}, which is for
 * messages and may change in any release. It is frozen: changing it changes every user's operator
 * identities, which needs a new version of operator identity.
 *
 * <p>An {@link Expr} of the user's that does not implement it is identified by its class's name and
 * code fingerprint.
 */
public interface CanonicalForm {
    /** The expression's canonical text, in the grammar of {@code docs/state-format.md}. */
    String canonicalForm();
}
