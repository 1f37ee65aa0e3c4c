package dev.tideway.internal.engine;

import dev.tideway.Expr;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.ValueType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The asynchronous functions of one select's projection: calls them for the rows of a batch (each
 * distinct non-null argument once; a null argument gives null without a call) and then evaluates the
 * projection row by row with each row's results bound.
 */
public final class AsyncCalls {
    private final List<AsyncCall<?, ?>> calls;

    public AsyncCalls(List<AsyncCall<?, ?>> calls) {
        this.calls = List.copyOf(calls);
    }

    /** The arguments of every call on a row: evaluated first, so that an argument that fails is reported with its row. */
    public List<Object> arguments(Object row) {
        List<Object> arguments = new ArrayList<>(calls.size());
        for (AsyncCall<?, ?> call : calls) {
            arguments.add(call.argument().eval(row));
        }
        return arguments;
    }

    /** The results of every call for the rows given. */
    public Results call(List<Object> rows) {
        List<Map<ByteBuffer, AsyncCaller.Outcome>> byCall = new ArrayList<>();
        for (AsyncCall<?, ?> call : calls) {
            byCall.add(callOne(call, rows));
        }
        return new Results(byCall);
    }

    private <A> Map<ByteBuffer, AsyncCaller.Outcome> callOne(AsyncCall<A, ?> call, List<Object> rows) {
        LinkedHashMap<ByteBuffer, A> distinct = new LinkedHashMap<>();
        for (Object row : rows) {
            A argument = call.argument().eval(row);
            if (argument != null) {
                distinct.putIfAbsent(encode(call.argument().type(), argument), argument);
            }
        }
        if (distinct.isEmpty()) {
            return Map.of();
        }
        List<AsyncCaller.Outcome> outcomes;
        try {
            outcomes = AsyncCaller.callAll(call, new ArrayList<>(distinct.values()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for async UDF " + call.name(), e);
        }
        Map<ByteBuffer, AsyncCaller.Outcome> byArgument = new HashMap<>();
        int i = 0;
        for (ByteBuffer argument : distinct.keySet()) {
            byArgument.put(argument, outcomes.get(i++));
        }
        return byArgument;
    }

    private static <A> ByteBuffer encode(ValueType<A> type, A value) {
        BinaryWriter out = new BinaryWriter(32);
        type.write(out, value);
        return ByteBuffer.wrap(out.toByteArray());
    }

    @Override
    public String toString() {
        return calls.toString();
    }

    /** The outcomes of one batch's calls. */
    public final class Results {
        private final List<Map<ByteBuffer, AsyncCaller.Outcome>> byCall;

        Results(List<Map<ByteBuffer, AsyncCaller.Outcome>> byCall) {
            this.byCall = byCall;
        }

        /** {@code build} applied to {@code row} with the row's results bound to the calls. */
        public Object evaluate(Object row, Function<Object, Object> build) {
            try {
                for (int c = 0; c < calls.size(); c++) {
                    bind(calls.get(c), byCall.get(c), row);
                }
                return build.apply(row);
            } finally {
                calls.forEach(AsyncCall::unbind);
            }
        }

        private <A> void bind(AsyncCall<A, ?> call, Map<ByteBuffer, AsyncCaller.Outcome> outcomes, Object row) {
            Expr<A> argument = call.argument();
            A value = argument.eval(row);
            if (value == null) {
                call.bind(row, null, null);
                return;
            }
            AsyncCaller.Outcome outcome = outcomes.get(encode(argument.type(), value));
            if (outcome == null) {
                throw new IllegalStateException("async UDF " + call.name() + " has no result for " + value + ", an argument it was not called for");
            }
            call.bind(row, outcome.value(), outcome.error());
        }
    }
}
