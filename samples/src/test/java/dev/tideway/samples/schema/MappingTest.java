package dev.tideway.samples.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tideway.schema.RowSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CSV and JSON mappings of generated schemas, with the errors a user meets on bad data. */
class MappingTest {
    private static final RowSchema<Account> ACCOUNTS = Account_.SCHEMA;
    private static final RowSchema<AllTypes.Point> POINTS = AllTypes_Point_.SCHEMA;

    @Test
    void csvColumnsAreMatchedByExternalNameInAnyOrderAndExtraColumnsAreIgnored() {
        Account account = Rows.fromCsv(ACCOUNTS, List.of("balance", "comment", "account_number", "bank"),
                List.of("-250", "ignored", " 42 ", "Tideway Bank"));
        assertThat(account).isEqualTo(new Account("Tideway Bank", 42, -250));
    }

    @Test
    void aBadCsvCellNamesTheColumnAndTheValue() {
        assertThatThrownBy(() -> Rows.fromCsv(ACCOUNTS, List.of("bank", "account_number", "balance"), List.of("b", "12x", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column \"account_number\": not a long: \"12x\"");
        assertThatThrownBy(() -> Rows.fromCsv(POINTS, List.of("x", "y", "label"), List.of("1.5", "north", "")))
                .hasMessage("column \"y\": not a double: \"north\"");
    }

    @Test
    void aMissingOrEmptyOptionalCsvCellIsAbsent() {
        assertThat(Rows.fromCsv(POINTS, List.of("x", "y"), List.of("1", "2")))
                .isEqualTo(new AllTypes.Point(1, 2, Optional.empty()));
        assertThat(Rows.fromCsv(POINTS, List.of("x", "y", "label"), List.of("1", "2", "")))
                .isEqualTo(new AllTypes.Point(1, 2, Optional.empty()));
        assertThat(Rows.fromCsv(POINTS, List.of("label", "x", "y"), List.of("home", "1", "2")))
                .isEqualTo(new AllTypes.Point(1, 2, Optional.of("home")));
    }

    @Test
    void csvCellsOfCompositeTypesHoldJson() {
        AllTypes.Point point = new AllTypes.Point(1.5, -2, Optional.of("a,b"));
        List<String> cells = Rows.toCells(POINTS, point);
        assertThat(cells).containsExactly("1.5", "-2.0", "a,b");
        assertThat(Rows.fromCsv(POINTS, List.of("x", "y", "label"), cells)).isEqualTo(point);
    }

    @Test
    void jsonUsesExternalNamesAndReadsFieldsInAnyOrder() {
        Account account = new Account("Tideway Bank", 42, -250);
        assertThat(Rows.toJson(ACCOUNTS, account)).isEqualTo("{\"bank\":\"Tideway Bank\",\"account_number\":42,\"balance\":-250}");
        assertThat(Rows.fromJson(ACCOUNTS, "{\"balance\":-250,\"extra\":{\"deep\":[1,2,{\"x\":3}]},\"account_number\":42,\"bank\":\"Tideway Bank\"}"))
                .isEqualTo(account);
    }

    @Test
    void aBadJsonValueNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Rows.fromJson(ACCOUNTS, "{\"bank\":\"b\",\"account_number\":\"twelve\",\"balance\":0}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field \"account_number\"")
                .hasMessageContaining("twelve");
        assertThatThrownBy(() -> Rows.fromJson(ACCOUNTS, "{\"bank\":\"b\",\"account_number\":null,\"balance\":0}"))
                .hasMessageContaining("field \"account_number\"");
        assertThatThrownBy(() -> Rows.fromJson(POINTS, "{\"x\":1,\"y\":2,\"label\":17}"))
                .hasMessageContaining("field \"label\"");
    }

    @Test
    void aBadValueInANestedRecordNamesThePath() {
        String json = Rows.toJson(AllTypes_.SCHEMA, AllTypesSamples.typical()).replace("\"y\":-2.0", "\"y\":\"south\"");
        assertThatThrownBy(() -> Rows.fromJson(AllTypes_.SCHEMA, json))
                .hasMessageContaining("field \"where\": field \"y\": not a double: \"south\"");
    }

    @Test
    void aMissingRequiredJsonFieldIsNamed() {
        assertThatThrownBy(() -> Rows.fromJson(ACCOUNTS, "{\"bank\":\"b\",\"balance\":0}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing required field \"account_number\"");
        assertThatThrownBy(() -> Rows.fromJson(ACCOUNTS, "{\"account_number\":1,\"balance\":0}"))
                .hasMessage("missing required field \"bank\"");
    }

    @Test
    void missingOrNullNullableJsonFieldsAreAbsent() {
        assertThat(Rows.fromJson(POINTS, "{\"x\":1,\"y\":2}")).isEqualTo(new AllTypes.Point(1, 2, Optional.empty()));
        assertThat(Rows.fromJson(POINTS, "{\"x\":1,\"y\":2,\"label\":null}")).isEqualTo(new AllTypes.Point(1, 2, Optional.empty()));
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> Rows.fromJson(POINTS, "[1,2]"))
                .hasMessageContaining("expected a JSON object for AllTypes.Point");
    }

    @Test
    void encodingANullRequiredComponentNamesIt() {
        assertThatThrownBy(() -> Rows.encode(ACCOUNTS, new Account(null, 1, 2)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Account.bank is required, but the row has null");
    }

    @Test
    void buildNamesAMissingRequiredValue() {
        assertThatThrownBy(() -> ACCOUNTS.build(new Object[] {"b", null, 0L}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Account.number is required, but its value is null");
        assertThat(POINTS.build(new Object[] {1.0, 2.0, null})).isEqualTo(new AllTypes.Point(1, 2, Optional.empty()));
    }

    @Test
    void columnsAndGetReadComponents() {
        AllTypes row = AllTypesSamples.typical();
        assertThat(AllTypes_.at.get(row)).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
        assertThat(AllTypes_.localTime.name()).isEqualTo("localTime");
        assertThat(AllTypes_.SCHEMA.fields().get(AllTypes_.localTime.index()).externalName()).isEqualTo("local time");
        assertThat(AllTypes_.SCHEMA.get(row, AllTypes_.small.index())).isEqualTo(7);
        assertThat(AllTypes_.SCHEMA.get(row, AllTypes_.maybeBig.index())).isNull();
        assertThat(AllTypes_.SCHEMA.get(row, AllTypes_.where.index())).isEqualTo(row.where());
        assertThatThrownBy(() -> AllTypes_.SCHEMA.get(row, 99)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
