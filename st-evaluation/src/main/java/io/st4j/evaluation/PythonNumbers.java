package io.st4j.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers as Python writes them into sentence-transformers' CSV files: {@code str()} of a float is the
 * shortest decimal that reads back to the same value, positional for exponents -4..15 and scientific
 * ({@code 1e-05}) outside; numpy's float32 uses the same rules on the float32 value.
 */
final class PythonNumbers {

    private PythonNumbers() {
    }

    /** {@code str(value)} of a Python float or numpy float64. */
    static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0 ? "-" : "") + "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return format(rounded);
            }
        }
        throw new AssertionError("no round-trip representation of " + value);
    }

    /** {@code str(value)} of a numpy float32. */
    static String repr(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value) || value == 0) {
            return repr((double) value);
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 9; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.floatValue() == value) {
                return format(rounded);
            }
        }
        throw new AssertionError("no round-trip representation of " + value);
    }

    /** A CSV cell: integers as integers, doubles and floats as Python prints them, strings verbatim. */
    static String cell(Object value) {
        if (value instanceof Double d) {
            return repr(d.doubleValue());
        }
        if (value instanceof Float f) {
            return repr(f.floatValue());
        }
        return String.valueOf(value);
    }

    private static String format(BigDecimal rounded) {
        BigDecimal stripped = rounded.stripTrailingZeros();
        String sign = stripped.signum() < 0 ? "-" : "";
        String digits = stripped.unscaledValue().abs().toString();
        // value = 0.digits * 10^(exponent + 1), i.e. the decimal exponent of the first digit is:
        int exponent = digits.length() - 1 - stripped.scale();
        if (exponent >= -4 && exponent < 16) {
            StringBuilder out = new StringBuilder(sign);
            if (exponent < 0) {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            } else if (digits.length() <= exponent + 1) {
                out.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
            } else {
                out.append(digits, 0, exponent + 1).append('.').append(digits.substring(exponent + 1));
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits.substring(1));
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }
}
