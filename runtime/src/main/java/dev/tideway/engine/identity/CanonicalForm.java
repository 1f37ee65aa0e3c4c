package dev.tideway.engine.identity;

/**
 * Implemented by Tideway's own expressions (columns, constants, functions, reducers, UDFs): their
 * canonical text, from which {@link OperatorIdentity} is computed. The text names what the
 * expression computes — its function, its constants and types, its operands' canonical texts, a
 * UDF's {@linkplain FunctionIdentity identity} — never a {@code toString()}, which is for messages
 * and may change in any release. It is frozen: changing it changes every user's operator identities,
 * which needs a new {@link OperatorIdentity#VERSION}.
 */
public interface CanonicalForm {
    /** The expression's canonical text; see {@link Canonical} for the grammar. */
    String canonicalForm();
}
