package io.github.tapegrad.autograd;

import java.util.Arrays;
import java.util.List;

import io.github.tapegrad.autograd.OpSpec.BadCall;
import io.github.tapegrad.autograd.OpSpec.Misuse;
import io.github.tapegrad.autograd.fused.FusedOps;

/** Generated invalid calls for the op table: incompatible shapes, out-of-range dims, indices and sizes. */
final class OpMisuses {
    private OpMisuses() {
    }

    /** Two sizes in [2, 5] that differ, so neither broadcasts to the other. */
    private static int clash(int knob) {
        return 2 + knob % 4;
    }

    private static int other(int size) {
        return size % 4 + 2;
    }

    /**
     * Shapes a and b that clash at one axis (and b may lose leading dims or get 1s elsewhere); for three
     * operands the third is a with some dims set to 1, placed so that any pair may be the clashing one.
     */
    static Misuse broadcast(int arity) {
        return c -> {
            int[] a = c.dims(1);
            int j = c.knob(0) % a.length;
            a[j] = clash(c.knob(1));
            int[] b = a.clone();
            b[j] = other(a[j]);
            int drop = c.knob(2) % (j + 1);
            int[] bd = Arrays.copyOfRange(b, drop, b.length);
            for (int i = 0; i < bd.length; i++) {
                if (i + drop != j && (c.knob(3) >> i & 1) == 1) bd[i] = 1;
            }
            Shape sa = Shape.of(a);
            Shape sb = Shape.of(bd);
            if (arity == 2) return BadCall.of(sa, sb);
            Shape third = ShapeRules.variant(a, 0, c.knob(5));
            return switch (c.knob(4) % 3) {
                case 0 -> BadCall.of(sa, sb, third);
                case 1 -> BadCall.of(sa, third, sb);
                default -> BadCall.of(third, sa, sb);
            };
        };
    }

    /** Inner dims that differ, an operand of rank 1, or (with batch dims) batch dims that clash. */
    static Misuse matmul(boolean transA, boolean transB, int maxBatch) {
        return c -> {
            int m = c.size(0), k = c.size(1), n = c.size(2);
            int kind = c.knob(0) % (maxBatch > 0 ? 3 : 2);
            Shape batchA = Shape.of(Arrays.copyOfRange(c.sizes(), 3, 3 + Math.min(c.rank(), maxBatch)));
            Shape batchB = batchA;
            int kb = k;
            if (kind == 0) {
                kb = k % 5 + 1;
            } else if (kind == 2) {
                batchA = Shape.of(clash(c.knob(1)));
                batchB = Shape.of(other(batchA.dim(0)));
            }
            Shape a = ShapeRules.withMatrix(batchA, transA ? k : m, transA ? m : k);
            Shape b = ShapeRules.withMatrix(batchB, transB ? n : kb, transB ? kb : n);
            if (kind == 1) {
                a = Shape.of(k);
            }
            return BadCall.of(a, b);
        };
    }

    /** A weight whose in-features differ from x's last dim, or (with a bias) a bias of the wrong length. */
    static Misuse linear(boolean withBias) {
        return c -> {
            int in = c.size(0), out = Math.max(2, c.size(1));
            Shape x = Shape.of(c.size(2), in);
            if (!withBias) return BadCall.of(x, Shape.of(out, in % 5 + 1));
            return c.knob(0) % 2 == 0 ? BadCall.of(x, Shape.of(out, in % 5 + 1), Shape.of(out))
                    : BadCall.of(x, Shape.of(out, in), Shape.of(other(out)));
        };
    }

    /** gates whose width is not 4 × c's, or whose batch differs from c's, or a rank other than 2. */
    static Misuse lstmPointwise() {
        return c -> {
            int b = c.size(0), h = c.size(1);
            return switch (c.knob(0) % 3) {
                case 0 -> BadCall.of(Shape.of(b, 4 * h + 1 + c.knob(1) % 3), Shape.of(b, h));
                case 1 -> BadCall.of(Shape.of(b + 1, 4 * h), Shape.of(b, h));
                default -> BadCall.of(Shape.of(b, 4 * h), Shape.of(1, b, h));
            };
        };
    }

    /** gamma or beta of a length other than x's last dimension, or a rank-0 x. */
    static Misuse layerNorm() {
        return c -> {
            int[] x = c.dims(1);
            int d = x[x.length - 1];
            return switch (c.knob(0) % 3) {
                case 0 -> BadCall.of(Shape.of(x), Shape.of(d + 1 + c.knob(1) % 2), Shape.of(d));
                case 1 -> BadCall.of(Shape.of(x), Shape.of(d), Shape.of(1, d));
                default -> BadCall.of(Shape.scalar(), Shape.of(1), Shape.of(1));
            };
        };
    }

    /** A weight whose in-features differ from x's, a bias of the wrong length, or pieces that do not divide N. */
    static Misuse linearSplit() {
        return c -> {
            int n = c.size(0), in = c.size(1), out = c.size(2);
            return switch (c.knob(0) % 3) {
                case 0 -> BadCall.of(Shape.of(n, in), Shape.of(out, in + 1), Shape.of(out));
                case 1 -> BadCall.of(Shape.of(n, in), Shape.of(out, in), Shape.of(out + 1));
                default -> new BadCall(List.of(Shape.of(n, in), Shape.of(out, in), Shape.of(out)),
                        xs -> OpTable.weighted(FusedOps.linearSplit(xs.get(0), xs.get(1), xs.get(2), n + 1), 0), List.of());
            };
        };
    }

    /** A dimension just outside [-rank, rank). */
    static Misuse badDim(String op) {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int r = x.rank();
            int dim = c.knob(0) % 2 == 0 ? r + c.knob(1) % 2 : -r - 1 - c.knob(1) % 2;
            return new BadCall(List.of(x), xs -> switch (op) {
                case "sum" -> xs.get(0).sum(dim, false);
                case "mean" -> xs.get(0).mean(dim, true);
                case "max" -> xs.get(0).max(dim, false);
                case "softmax" -> xs.get(0).softmax(dim);
                case "logSoftmax" -> xs.get(0).logSoftmax(dim);
                default -> throw new IllegalStateException("no bad-dim call for " + op);
            }, List.of(String.valueOf(dim)));
        };
    }

    /** x [..., s] expanded to [..., s'] with s != s', both >= 2. */
    static Misuse expand() {
        return c -> {
            int[] x = c.dims(1);
            x[x.length - 1] = clash(c.knob(0));
            int[] target = x.clone();
            target[x.length - 1] = other(x[x.length - 1]);
            return BadCall.of(Shape.of(x), Shape.of(target));
        };
    }

    /** g [..., s] summed to [..., s'] with s != s', or to a shape of higher rank. */
    static Misuse sumTo() {
        return c -> {
            int[] g = c.dims(1);
            g[g.length - 1] = clash(c.knob(0));
            int[] target = g.clone();
            target[g.length - 1] = other(g[g.length - 1]);
            if (c.knob(1) % 2 == 1) target = ShapeRules.append(g, 1 + c.knob(2) % 3);
            return BadCall.of(Shape.of(g), Shape.of(target));
        };
    }

    static Misuse reshape() {
        return c -> {
            Shape x = Shape.of(c.dims(0));
            int[] target = {x.numel() + 1 + c.knob(0) % 3};
            return new BadCall(List.of(x), xs -> xs.get(0).reshape(target), List.of(Arrays.toString(target)));
        };
    }

    static Misuse transpose() {
        return c -> {
            Shape x = Shape.of(c.dims(2));
            int dim = x.rank() + c.knob(0) % 2;
            return new BadCall(List.of(x), xs -> xs.get(0).transpose(0, dim), List.of(String.valueOf(dim)));
        };
    }

    /** A permutation with one entry too many or a repeated entry. */
    static Misuse permute() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int r = x.rank();
            int[] perm = c.knob(0) % 2 == 0 ? OpTable.rotation(r + 1) : new int[r];
            if (r == 1 && perm.length == 1) perm = new int[] {1};
            int[] p = perm;
            return new BadCall(List.of(x), xs -> xs.get(0).permute(p), List.of(Arrays.toString(p)));
        };
    }

    static Misuse narrow() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int n = x.dim(-1);
            int start = c.knob(0) % n;
            int length = n - start + 1;
            return new BadCall(List.of(x), xs -> xs.get(0).narrow(-1, start, length),
                    List.of("[" + start + ", " + (start + length) + ")"));
        };
    }

    static Misuse select() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int index = c.knob(0) % 2 == 0 ? x.dim(0) + c.knob(1) % 3 : -1 - c.knob(1) % 3;
            return new BadCall(List.of(x), xs -> xs.get(0).select(0, index), List.of("index " + index));
        };
    }

    /** Shapes that differ outside the concat dim (or in rank). */
    static Misuse concat() {
        return c -> {
            int[] a = c.dims(1);
            int d = c.knob(0) % a.length;
            int[] b;
            if (a.length == 1) {
                b = new int[] {a[0], 2};
            } else {
                b = a.clone();
                int o = (d + 1) % a.length;
                b[o] = a[o] % 5 + 1;
            }
            return new BadCall(List.of(Shape.of(a), Shape.of(b)), xs -> Tensor.concat(xs, d), List.of());
        };
    }

    static Misuse stack() {
        return c -> {
            int[] a = c.dims(0);
            int[] b;
            if (a.length == 0) {
                b = new int[] {2};
            } else {
                b = a.clone();
                int j = c.knob(0) % a.length;
                b[j] = a[j] % 5 + 1;
            }
            return BadCall.of(Shape.of(a), Shape.of(b));
        };
    }

    static Misuse split() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int[] sizes = {1, x.dim(-1) + 2 * (c.knob(0) % 2)};
            return new BadCall(List.of(x), xs -> xs.get(0).split(sizes, -1).get(0), List.of(Arrays.toString(sizes)));
        };
    }

    static Misuse chunk() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int chunks = x.dim(0) + 1 + c.knob(0) % 3;
            return new BadCall(List.of(x), xs -> xs.get(0).chunk(chunks, 0).get(0), List.of(chunks + " equal chunks"));
        };
    }

    static Misuse indexSelect() {
        return c -> {
            Shape x = Shape.of(c.dims(1));
            int bad = c.knob(0) % 2 == 0 ? x.dim(0) + c.knob(1) % 3 : -1 - c.knob(1) % 3;
            return new BadCall(List.of(x), xs -> xs.get(0).indexSelect(0, Indices.of(new int[] {0, bad})),
                    List.of("index " + bad));
        };
    }

    /** An index whose shape differs from the input's outside the gather dim. */
    static Misuse gather() {
        return c -> {
            int[] x = c.dims(2);
            int[] idx = x.clone();
            idx[0] = x[0] % 5 + 1;
            Shape is = Shape.of(idx);
            return new BadCall(List.of(Shape.of(x)), xs -> xs.get(0).gather(-1, Indices.of(new int[is.numel()], idx)),
                    List.of(is.toString()));
        };
    }
}
