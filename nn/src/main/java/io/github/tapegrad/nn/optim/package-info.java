/**
 * Optimizers and gradient clipping. Each optimizer implements the published update equations of its
 * torch.optim namesake (SGD with momentum, dampening, Nesterov and weight decay; Adam with L2 added to
 * the gradient, bias correction and optionally amsgrad; AdamW with decoupled weight decay; RMSprop, plain,
 * centered or with momentum; Adagrad with learning-rate decay and an initial accumulator), updating parameter storage in
 * place under {@code Grad.off()}. They only read gradients that autograd computed. Optimizer state is a
 * set of named tensors and scalars ({@link io.github.tapegrad.nn.optim.OptimizerState}) so it can be
 * checkpointed and resumed exactly. Learning-rate schedules: {@link io.github.tapegrad.nn.optim.LRScheduler}
 * (StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR) and
 * {@link io.github.tapegrad.nn.optim.ReduceLROnPlateau}, as torch.optim.lr_scheduler's; both are
 * {@link io.github.tapegrad.nn.optim.Scheduler}s, whose kind, config and state a checkpoint holds beside the
 * optimizer's.
 */
package io.github.tapegrad.nn.optim;
