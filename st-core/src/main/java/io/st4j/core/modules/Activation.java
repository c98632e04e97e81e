package io.st4j.core.modules;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Activation functions of the Dense module, by their PyTorch class names. */
public enum Activation {
    IDENTITY("torch.nn.modules.linear.Identity"),
    TANH("torch.nn.modules.activation.Tanh"),
    RELU("torch.nn.modules.activation.ReLU"),
    SIGMOID("torch.nn.modules.activation.Sigmoid"),
    GELU("torch.nn.modules.activation.GELU"),
    SILU("torch.nn.modules.activation.SiLU");

    private final String torchName;

    Activation(String torchName) {
        this.torchName = torchName;
    }

    /** The fully qualified PyTorch class name written to {@code activation_function}. */
    public String torchName() {
        return torchName;
    }

    /** Parses a PyTorch class name; fails listing the supported ones. */
    public static Activation fromTorchName(String name) {
        for (Activation a : values()) {
            if (a.torchName.equals(name)) {
                return a;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Activation a : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(a.torchName);
        }
        throw new IllegalArgumentException("unsupported activation_function '" + name + "'; supported: " + known);
    }

    /** Applies the activation in {@code sd}. */
    SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> sd.math.tanh(x);
            case RELU -> sd.nn.relu(x, 0.0);
            case SIGMOID -> sd.nn.sigmoid(x);
            case GELU -> x.mul(0.5).mul(sd.math.erf(x.div(Math.sqrt(2.0))).add(1.0));
            case SILU -> x.mul(sd.nn.sigmoid(x));
        };
    }
}
