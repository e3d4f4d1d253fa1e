package io.queuemgr.executor.data;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The filters of a task as one test on a row: a row passes when every filter holds. */
final class RowPredicate {

    private RowPredicate() {
    }

    static Predicate<Row> of(List<RowFilter> filters) {
        Predicate<Row> all = row -> true;
        for (RowFilter filter : filters == null ? List.<RowFilter>of() : filters) {
            all = all.and(one(filter));
        }
        return all;
    }

    private static Predicate<Row> one(RowFilter filter) {
        RowFilter.Op op = RowFilter.Op.named(filter.op());
        String wanted = Row.text(filter.value());
        BigDecimal wantedNumber = number(wanted);
        Pattern pattern = op == RowFilter.Op.MATCHES ? Pattern.compile(wanted) : null;
        return row -> {
            String actual = row.text(filter.column());
            boolean empty = actual == null || actual.isEmpty();
            return switch (op) {
                case EMPTY -> empty;
                case NOT_EMPTY -> !empty;
                case EQ -> actual != null && compare(actual, wanted, wantedNumber) == 0;
                case NE -> actual == null || compare(actual, wanted, wantedNumber) != 0;
                case LT -> !empty && compare(actual, wanted, wantedNumber) < 0;
                case LE -> !empty && compare(actual, wanted, wantedNumber) <= 0;
                case GT -> !empty && compare(actual, wanted, wantedNumber) > 0;
                case GE -> !empty && compare(actual, wanted, wantedNumber) >= 0;
                case CONTAINS -> actual != null && actual.contains(wanted);
                case MATCHES -> actual != null && pattern.matcher(actual).find();
            };
        };
    }

    /** As numbers when both are ("1.0" equals "1"), else as text. */
    private static int compare(String actual, String wanted, BigDecimal wantedNumber) {
        if (wantedNumber != null) {
            BigDecimal number = number(actual);
            if (number != null) {
                return number.compareTo(wantedNumber);
            }
        }
        return actual.compareTo(wanted);
    }

    static BigDecimal number(String text) {
        if (!Numbers.looksNumeric(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
