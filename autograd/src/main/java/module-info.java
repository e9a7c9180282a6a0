/**
 * tapegrad's autograd: tensors and tape-based reverse-mode differentiation. Only the API packages are exported;
 * the kernels over raw arrays stay internal ({@link io.github.tapegrad.autograd.Backend} is the public place to set
 * threads and to ask which kernels run). The Vector API module is optional: its kernels load only when it is present.
 */
module io.github.tapegrad.autograd {
    requires static jdk.incubator.vector;

    exports io.github.tapegrad.autograd;
    exports io.github.tapegrad.autograd.check;
    exports io.github.tapegrad.autograd.fused;
}
