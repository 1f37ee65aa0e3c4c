package dev.tideway.io.kafka;

/**
 * A Kafka record that could not be read into a row, with where it is and what is wrong with it.
 *
 * @param topic the record's topic
 * @param partition its partition
 * @param offset its offset in the partition
 * @param field the field concerned, or null when unknown
 * @param value the record's value as text (cut to 80 characters in {@link #describe()}), or null
 * @param problem what is wrong, such as {@code missing required field "word"}
 */
public record BadKafkaRecord(String topic, int partition, long offset, String field, String value, String problem) {
    private static final int MAX_VALUE_LENGTH = 80;

    /**
     * The record's description, such as
     * {@code topic words, partition 2, offset 41 (field count): not a long: "x"; value "{\"count\":\"x\"}"}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("topic ").append(topic).append(", partition ").append(partition)
                .append(", offset ").append(offset);
        if (field != null) {
            text.append(" (field ").append(field).append(')');
        }
        text.append(": ").append(problem);
        if (value != null) {
            text.append("; value \"").append(value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH - 3) + "..." : value)
                    .append('"');
        }
        return text.toString();
    }
}
