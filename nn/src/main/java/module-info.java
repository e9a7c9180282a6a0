/** tapegrad's nn: modules, recurrent cells and layers, losses, optimizers, init, checkpoints and cell checks. */
module io.github.tapegrad.nn {
    requires transitive io.github.tapegrad.autograd;

    exports io.github.tapegrad.nn;
    exports io.github.tapegrad.nn.check;
    exports io.github.tapegrad.nn.checkpoint;
    exports io.github.tapegrad.nn.init;
    exports io.github.tapegrad.nn.optim;
    exports io.github.tapegrad.nn.zoo;
}
