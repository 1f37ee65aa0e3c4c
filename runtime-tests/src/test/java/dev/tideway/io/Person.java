package dev.tideway.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tideway.schema.BinaryReader;
import dev.tideway.schema.BinaryWriter;
import dev.tideway.schema.FieldDescriptor;
import dev.tideway.schema.RowSchema;
import dev.tideway.schema.TextRow;
import dev.tideway.schema.ValueType;
import dev.tideway.schema.ValueTypes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A test row with a required string, a required long and an optional string, and its schema written by hand. */
public record Person(String name, long age, Optional<String> city) {
    public static final RowSchema<Person> SCHEMA = new Schema();

    public static Person of(String name, long age) {
        return new Person(name, age, Optional.empty());
    }

    public static Person of(String name, long age, String city) {
        return new Person(name, age, Optional.of(city));
    }

    private static final class Schema extends RowSchema<Person> {
        private static final ValueType<Optional<String>> CITY = ValueTypes.optional(ValueTypes.STRING);

        Schema() {
            super(Person.class, "Person", List.of(
                    new FieldDescriptor(0, "name", "name", ValueTypes.STRING, false),
                    new FieldDescriptor(1, "age", "age", ValueTypes.LONG, false),
                    new FieldDescriptor(2, "city", "city", CITY, false)));
        }

        @Override
        public void encode(Person row, BinaryWriter out) {
            out.writeString(row.name());
            out.writeLong(row.age());
            CITY.write(out, row.city());
        }

        @Override
        public Person decode(BinaryReader in) {
            return new Person(in.readString(), in.readLong(), CITY.read(in));
        }

        @Override
        public Object get(Person row, int field) {
            return switch (field) {
                case 0 -> row.name();
                case 1 -> row.age();
                case 2 -> row.city();
                default -> throw noSuchField(field);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public Person build(Object[] values) {
            return new Person((String) required(values, 0), (Long) required(values, 1), (Optional<String>) required(values, 2));
        }

        @Override
        public Person readText(TextRow in) {
            String name = parseCell(in, 0, ValueTypes.STRING);
            String ageCell = in.cell(1);
            long age = ValueTypes.parseLong(ageCell);
            Optional<String> city = parseCell(in, 2, CITY);
            return new Person(name, age, city);
        }

        @Override
        public void writeJsonFields(Person row, JsonGenerator out) throws IOException {
            out.writeFieldName("name");
            ValueTypes.STRING.writeJson(out, row.name());
            out.writeFieldName("age");
            out.writeNumber(row.age());
            out.writeFieldName("city");
            CITY.writeJson(out, row.city());
        }

        @Override
        public Person readJson(JsonParser in) throws IOException {
            String name = null;
            Long age = null;
            Optional<String> city = Optional.empty();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                try {
                    switch (field) {
                        case "name" -> name = ValueTypes.STRING.readJson(in);
                        case "age" -> age = ValueTypes.LONG.readJson(in);
                        case "city" -> city = CITY.readJson(in);
                        default -> in.skipChildren();
                    }
                } catch (IllegalArgumentException e) {
                    throw badJsonField(fieldByExternalName(field).orElseThrow().index(), e);
                }
            }
            if (name == null) {
                throw missingJsonField(0);
            }
            if (age == null) {
                throw missingJsonField(1);
            }
            return new Person(name, age, city);
        }
    }
}
