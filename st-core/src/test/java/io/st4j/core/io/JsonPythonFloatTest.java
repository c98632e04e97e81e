package io.st4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what Python 3.11 {@code repr(float)} and numpy 2.4 {@code str(np.float32)} print. */
class JsonPythonFloatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1 | 0x1.999999999999ap-4",
        "1e-05 | 0x1.4f8b588e368f1p-17",
        "1.5e-05 | 0x1.f75104d551d69p-17",
        "0.0001 | 0x1.a36e2eb1c432dp-14",
        "0.00012345 | 0x1.02e4b6ce5dc68p-13",
        "1e+16 | 0x1.1c37937e08000p+53",
        "1.2345e+16 | 0x1.5eddb25e04800p+53",
        "123456789012345.6 | 0x1.c12218377de66p+46",
        "100.0 | 0x1.9000000000000p+6",
        "0.5333333333333333 | 0x1.1111111111111p-1",
        "0.18000000000000002 | 0x1.70a3d70a3d70bp-3",
        "-6.382157325744629 | -0x1.9875440000000p+2",
        "0.6666666666666666 | 0x1.5555555555555p-1",
        "5e-324 | 0x0.0000000000001p-1022",
        "1.7976931348623157e+308 | 0x1.fffffffffffffp+1023",
        "-0.0 | -0x0.0p+0",
        "0.0 | 0x0.0p+0",
        "1.0 | 0x1.0000000000000p+0",
        "12345678.0 | 0x1.78c29c0000000p+23",
        "9999999999999998.0 | 0x1.1c37937e07fffp+53",
        "0.8999999761581421 | 0x1.cccccc0000000p-1",
        "1e+22 | 0x1.0f0cf064dd592p+73",
        "3e-05 | 0x1.f75104d551d69p-16",
        "1.5933955153907886e+18 | 0x1.61ce0c7719184p+60", // JDK 17 Double.toString: 1.59339551539078861E18
    })
    void doublesPrintAsPythonRepr(String expected, String hex) {
        assertEquals(expected, Json.pythonFloat(Double.parseDouble(hex)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.80504525 | 0x1.9c2ee40000000p-1",
        "1e-05 | 0x1.4f8b580000000p-17",
        "0.1 | 0x1.99999a0000000p-4",
        "123456.7 | 0x1.e240b40000000p+16",
        "1e+16 | 0x1.1c37940000000p+53",
        "3.4028235e+38 | 0x1.fffffe0000000p+127",
        "0.9 | 0x1.cccccc0000000p-1",
        "2.5e-07 | 0x1.0c6f7a0000000p-22",
        "100.0 | 0x1.9000000000000p+6",
    })
    void floatsPrintAsNumpyFloat32(String expected, String hex) {
        assertEquals(expected, Json.pythonFloat((float) Double.parseDouble(hex)));
    }
}
