"""make_fixtures.py's reference cases (build_cases): every job the C++ tests replay."""
from fixture_common import *  # noqa: F401,F403 (the presets, datasets and Case)


def build_cases():
    C = []
    add = C.append

    # ---------------- 1. softmax multiclass ----------------
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("mc3_int_relu_sgd_nesterov_b5_noshuffle", "3 classes int labels, (4,) relu, sgd nesterov, batch 5, shuffle=False",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=5), X_test=Xt, y_test=yt,
             float32=True))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("mc3_str_logistic_sgd_momentum_b7_shuffle", "3 classes cat/dog/emu, (5,) logistic, sgd plain momentum, batch 7, shuffle rs=7",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[5], activation="logistic", batch_size=7, shuffle=True, random_state=7),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(24, 3, 4, nt=16)
    y = np.array([[2, 5, 7, 11][k] for k in y])
    yt = np.array([[2, 5, 7, 11][k] for k in yt])
    add(Case("mc4_int_tanh_adam_b1_shuffle", "4 classes labels 2/5/7/11, 3 features, (4,3) tanh, adam, batch 1, shuffle rs=3, 10 epochs",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4, 3], activation="tanh", batch_size=1, shuffle=True, random_state=3, max_iter=10),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_mc(32, 2, 4, ANIMALS4)
    add(Case("mc4_str_identity_adam_bn", "4 string classes, (3,) identity, adam, batch n (full batch), shuffle=False",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[3], activation="identity", batch_size=32), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3)
    add(Case("mc3_relu_sgd_mom0_auto_shuffle", "3 classes, (6,) relu, sgd momentum=0 lr 0.1, batch 'auto' (=n), shuffle rs=11",
             "clf", X, y, P(SGD_PLAIN, hidden_layer_sizes=[6], activation="relu", batch_size="auto", shuffle=True, random_state=11),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("mc3_str_tanh_sgd_invscaling_b7_shuffle", "3 string classes, (4,) tanh, sgd invscaling lr0 0.5, batch 7, shuffle rs=5",
             "clf", X, y, P(SGD_INV, hidden_layer_sizes=[4], activation="tanh", batch_size=7, shuffle=True, random_state=5),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(36, 2, 4)
    add(Case("mc4_logistic_sgd_adaptive_b5", "4 classes, (5,) logistic, sgd adaptive, tol=0.05 n_iter_no_change=2: lr /5 several times, batch 5",
             "clf", X, y, P(SGD_ADAPT, hidden_layer_sizes=[5], activation="logistic", batch_size=5, tol=0.05, n_iter_no_change=2, max_iter=20),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("mc3_batch_gt_n_clipped", "3 classes, (4,) tanh, adam, batch_size 100 > n=30: clipping UserWarning, then ConvergenceWarning",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=100, max_iter=10), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(42, 3, 3, ANIMALS3)
    add(Case("mc3_str_relu2_adam_b7_shuffle", "3 string classes, 3 features, (5,4) relu, adam, batch 7, shuffle rs=2",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="relu", batch_size=7, shuffle=True, random_state=2),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(25, 2, 3)
    add(Case("mc3_identity_sgd_momentum_b7_rsnull", "3 classes, (3,) identity, sgd momentum, batch 7, shuffle=False, random_state=null (no draws happen)",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="identity", batch_size=7, random_state=None),
             X_test=Xt, y_test=yt))

    # ---------------- 2. regression ----------------
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_relu_sgd_nesterov_b7_noshuffle", "regression 1 target, (4,) relu, sgd nesterov lr 0.05, batch 7, shuffle=False",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=7), X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_reg(30, 3)
    add(Case("reg1_tanh_adam_b5_shuffle", "regression 1 target, 3 features, (5,) tanh, adam, batch 5, shuffle rs=4",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5], activation="tanh", batch_size=5, shuffle=True, random_state=4),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2)
    add(Case("reg1_identity_sgd_momentum_auto", "regression 1 target, (3,) identity, sgd plain momentum lr 0.02, batch auto",
             "reg", X, y, P(SGD_MOM, learning_rate_init=0.02, hidden_layer_sizes=[3], activation="identity", batch_size="auto"),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(35, 2, k=2)
    add(Case("reg2_relu_adam_b7_shuffle", "regression 2 targets, (6,) relu, adam, batch 7, shuffle rs=9",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[6], activation="relu", batch_size=7, shuffle=True, random_state=9),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_reg(30, 3, k=2)
    add(Case("reg2_tanh_sgd_invscaling_bn", "regression 2 targets, 3 features, (4,) tanh, sgd invscaling lr0 0.2, full batch",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="tanh", batch_size=30),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(20, 2, k=2)
    add(Case("reg2_identity_adam_b1_shuffle", "regression 2 targets, (3,) identity, adam, batch 1, shuffle rs=1, 10 epochs",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[3], activation="identity", batch_size=1, shuffle=True, random_state=1, max_iter=10),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_logistic_sgd_adaptive_b5", "regression, (4,) logistic, sgd adaptive, tol=0.01 n_iter_no_change=2, batch 5, shuffle rs=6",
             "reg", X, y, P(SGD_ADAPT, hidden_layer_sizes=[4], activation="logistic", batch_size=5, tol=0.01, n_iter_no_change=2,
                            max_iter=25, shuffle=True, random_state=6), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 4)
    add(Case("reg1_relu2_adam_b7", "regression, 4 features, (5,4) relu, adam, batch 7, shuffle=False",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="relu", batch_size=7), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_tanh_sgd_mom0_b7_shuffle", "regression, (4,) tanh, sgd momentum=0 lr 0.1, batch 7, shuffle rs=13",
             "reg", X, y, P(SGD_PLAIN, hidden_layer_sizes=[4], activation="tanh", batch_size=7, shuffle=True, random_state=13),
             X_test=Xt, y_test=yt))

    # ---------------- 3. multilabel ----------------
    X, y, Xt, yt = data_ml(35, 2)
    add(Case("ml3_relu_adam_b7_shuffle", "multilabel 3 columns (2-D 0/1 y), (5,) relu, adam, batch 7, shuffle rs=8",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=7, shuffle=True, random_state=8),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 3)
    add(Case("ml3_logistic_sgd_nesterov_bn", "multilabel 3 columns, 3 features, (4,) logistic, sgd nesterov, full batch",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="logistic", batch_size=30), X_test=Xt, y_test=yt))

    # ---------------- 4. binary ----------------
    X, y, Xt, yt = data_bin(30, 2, names=(-1, 1))
    add(Case("bin_pm1_tanh_sgd_nesterov_b7_shuffle", "binary labels -1/1, (3,) tanh, sgd nesterov, batch 7, shuffle rs=0",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[3], activation="tanh", batch_size=7, shuffle=True, random_state=0),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_bin(30, 2, names=("no", "yes"))
    add(Case("bin_str_relu_adam_b5", "binary labels no/yes, (4,) relu, adam, batch 5, shuffle=False",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=5), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(25, 3, names=(3, 10))
    add(Case("bin_int_logistic_sgd_invscaling_b7", "binary labels 3/10, 3 features, (4,) logistic, sgd invscaling, batch 7, shuffle rs=21",
             "clf", X, y, P(SGD_INV, hidden_layer_sizes=[4], activation="logistic", batch_size=7, shuffle=True, random_state=21),
             X_test=Xt, y_test=yt))

    # ---------------- 5. early stopping ----------------
    ES = dict(early_stopping=True, validation_fraction=0.2)
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("es_bin_adam_stop", "binary, early stopping (stratified split, val 0.2), adam lr 0.01, n_iter_no_change=2 tol=0.05: stops early, best weights restored",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=5), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(45, 2, names=("a", "b"), imbalanced=True)
    add(Case("es_bin_str_imbalanced_sgd", "binary a/b imbalanced, early stopping stratified (n=45, val 9), sgd nesterov, batch 7, n_iter_no_change=3 tol=0.01",
             "clf", X, y, P(SGD_NEST, ES, hidden_layer_sizes=[4], activation="relu", batch_size=7, n_iter_no_change=3, tol=0.01,
                            max_iter=30, shuffle=True, random_state=17), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3)
    add(Case("es_mc3_adam", "3 classes, early stopping (NOT stratified in 1.2.1), adam, batch 5, n_iter_no_change=2 tol=0.05",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[6], activation="relu", batch_size=5, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=1), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 4, ANIMALS4)
    add(Case("es_mc4_str_sgd_noshuffle", "4 string classes, early stopping (not stratified), sgd momentum, batch 8, shuffle=False (rows in split-permutation order)",
             "clf", X, y, P(SGD_MOM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=3, tol=0.01,
                            max_iter=30, random_state=3), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2)
    add(Case("es_reg1_adam", "regression, early stopping (R^2 validation), adam lr 0.01, batch 8, n_iter_no_change=2 tol=0.01",
             "reg", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.01,
                            max_iter=30, shuffle=True, random_state=2), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2, k=2)
    add(Case("es_reg2_sgd_maxiter", "regression 2 targets, early stopping, sgd nesterov, never stops (tol 0): runs to max_iter with warning, best weights restored",
             "reg", X, y, P(SGD_NEST, ES, hidden_layer_sizes=[4], activation="relu", batch_size=8, n_iter_no_change=5, tol=0.0,
                            max_iter=15, shuffle=True, random_state=4), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(40, 2)
    add(Case("es_ml3_adam", "multilabel, early stopping (not stratified, subset accuracy), adam, batch 8, n_iter_no_change=2 tol=0.05",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="relu", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=6), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("es_bin_sgd_adaptive", "binary, early stopping with sgd adaptive: lr /5 instead of stopping, n_iter_no_change=1 tol=0.1",
             "clf", X, y, P(SGD_ADAPT, ES, hidden_layer_sizes=[4], activation="tanh", batch_size=8, n_iter_no_change=1, tol=0.1,
                            max_iter=20, shuffle=True, random_state=8), X_test=Xt, y_test=yt))

    # ---------------- 6. stopping rules ----------------
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("stop_tol_mc3_adam", "3 classes adam, tol=0.02 n_iter_no_change=3: training-loss rule stops at epoch 28 before max_iter=40 (no warning)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, tol=0.02, n_iter_no_change=3,
                            max_iter=40, shuffle=True, random_state=3), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("stop_tol_reg_sgd", "regression sgd nesterov, tol=0.01 n_iter_no_change=2: stops before max_iter=30",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="tanh", batch_size=10, tol=0.01, n_iter_no_change=2,
                            max_iter=30), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("stop_adaptive_lr_too_small", "binary sgd adaptive lr0 1e-4, tol=10 n_iter_no_change=1: lr /5 three times then 'learning rate too small' stop",
             "clf", X, y, P(SGD_ADAPT, learning_rate_init=1e-4, hidden_layer_sizes=[3], activation="tanh", batch_size=7, tol=10.0,
                            n_iter_no_change=1, max_iter=30), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("stop_inf_n_iter_no_change_adam", "3 classes adam, n_iter_no_change=inf with tol=10: never stops, runs max_iter=20 (warning)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=7, tol=10.0, n_iter_no_change=float("inf"),
                            max_iter=20, shuffle=True, random_state=2), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("stop_inf_adaptive_sgd", "regression sgd adaptive, n_iter_no_change=inf tol=10: lr never decreases, 20 epochs",
             "reg", X, y, P(SGD_ADAPT, hidden_layer_sizes=[4], activation="relu", batch_size=7, tol=10.0, n_iter_no_change=float("inf"),
                            max_iter=20), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("stop_rule_at_exactly_max_iter", "binary sgd momentum, tol=0.01 n_iter_no_change=2: the stop rule fires at epoch 37 = max_iter; "
             "the break comes before the max_iter check, so NO ConvergenceWarning",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="relu", batch_size=6, tol=0.01, n_iter_no_change=2,
                            max_iter=37, shuffle=True, random_state=10), X_test=Xt, y_test=yt))
    add(Case("stop_rule_one_after_max_iter", "same as stop_rule_at_exactly_max_iter but max_iter=36: runs out one epoch before the rule fires (warning)",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="relu", batch_size=6, tol=0.01, n_iter_no_change=2,
                            max_iter=36, shuffle=True, random_state=10), X_test=Xt, y_test=yt))

    # ---------------- 7. partial_fit / warm_start ----------------
    X, y, Xt, yt = data_mc(36, 2, 3)
    chunks = [(X[:12], y[:12]), (X[12:24], y[12:24])]
    m = np.isin(y[24:], [0, 1])
    chunks.append((X[24:][m], y[24:][m]))
    calls = [{"method": "partial_fit", "X": chunks[0][0], "y": chunks[0][1], "classes": [0, 1, 2]},
             {"method": "partial_fit", "X": chunks[1][0], "y": chunks[1][1]},
             {"method": "partial_fit", "X": chunks[2][0], "y": chunks[2][1]},
             {"method": "partial_fit", "X": chunks[0][0], "y": chunks[0][1]}]
    add(Case("pf_mc3_sgd_subset_classes", "3-class partial_fit x4 (classes=[0,1,2]); 3rd call has only classes 0,1; sgd nesterov batch 5 shuffle rs=4 (same permutation per call for equal n)",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="tanh", batch_size=5, shuffle=True, random_state=4),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3, ANIMALS3)
    sub = np.isin(y, ["cat", "emu"])
    calls = [{"method": "partial_fit", "X": X[:20], "y": y[:20], "classes": ["emu", "cat", "dog"]},
             {"method": "partial_fit", "X": X[20:][sub[20:]], "y": y[20:][sub[20:]]},
             {"method": "partial_fit", "X": X, "y": y, "classes": ["cat", "dog", "emu"]},
             {"method": "partial_fit", "X": X[20:], "y": y[20:]}]
    add(Case("pf_mc3_str_adam", "string 3-class partial_fit x4, adam batch 6 shuffle=False; first classes given unsorted, 2nd call lacks 'dog', 3rd repeats classes",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=6), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2, names=(-1, 1))
    calls = [{"method": "partial_fit", "X": X[:15], "y": y[:15], "classes": [-1, 1]},
             {"method": "partial_fit", "X": X[15:][y[15:] == 1], "y": y[15:][y[15:] == 1]},
             {"method": "partial_fit", "X": X, "y": y}]
    add(Case("pf_bin_pm1_adam", "binary -1/1 partial_fit x3 (2nd call only class 1), adam batch 5 shuffle rs=12",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[3], activation="tanh", batch_size=5, shuffle=True, random_state=12),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    calls = [{"method": "partial_fit", "X": X[:10], "y": y[:10]}, {"method": "partial_fit", "X": X[10:20], "y": y[10:20]},
             {"method": "partial_fit", "X": X[20:], "y": y[20:]}, {"method": "partial_fit", "X": X, "y": y}]
    add(Case("pf_reg_sgd_invscaling", "regression partial_fit x4, sgd invscaling lr0 0.2 (t_ cumulative), batch 4 shuffle rs=3",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="relu", batch_size=4, shuffle=True,
                            random_state=3), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    calls = [{"method": "partial_fit", "X": X, "y": y}] * 3
    add(Case("pf_reg2_adam", "2-target regression partial_fit x3 on the same data, adam (t persists) batch 7 shuffle=False",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=7), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 2)
    calls = [{"method": "partial_fit", "X": X[:15], "y": y[:15], "classes": [0, 1, 2]}, {"method": "partial_fit", "X": X[15:], "y": y[15:]}]
    add(Case("pf_ml3_adam", "multilabel partial_fit x2 (classes=[0,1,2] on first call), adam batch 5 shuffle rs=2",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=5, shuffle=True, random_state=2),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    calls = [{"method": "partial_fit", "X": X, "y": y, "classes": [0, 1]}] + [{"method": "partial_fit"}] * 7
    add(Case("pf_bin_sgd_adaptive", "binary partial_fit x8 on the same data, sgd adaptive tol=1.0 n_iter_no_change=1: counter exceeds -> lr /5 inside partial_fit",
             "clf", X, y, P(SGD_ADAPT, hidden_layer_sizes=[3], activation="tanh", batch_size=10, tol=1.0, n_iter_no_change=1),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("ws_mc3_adam_fit_twice", "warm_start=True, fit twice (max_iter 8): new Adam each fit, n_iter_ cumulative, warning only in 1st fit",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=8, warm_start=True, shuffle=True,
                            random_state=5), calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    X2, y2 = make_X(30, 2, off=100), None
    y2 = y_regression(X2)
    add(Case("ws_reg_sgd_invscaling_fit_twice", "regressor warm_start=True, fit on X then on X2 (different data), sgd invscaling (t_ cumulative), batch 7 shuffle rs=3",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="tanh", batch_size=7, max_iter=6,
                            warm_start=True, shuffle=True, random_state=3),
             calls=[{"method": "fit"}, {"method": "fit", "X": X2, "y": y2}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("ws_then_partial_fit_mc3_sgd", "warm_start=True fit (6 epochs) then partial_fit x2 (optimizer of the fit reused), sgd momentum batch 7 shuffle rs=1",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[4], activation="tanh", batch_size=7, max_iter=6, warm_start=True, shuffle=True,
                            random_state=1),
             calls=[{"method": "fit"}, {"method": "partial_fit", "classes": ANIMALS3}, {"method": "partial_fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("fit_then_partial_fit_bin_sgd", "warm_start=False: fit (6 epochs) then partial_fit x2 (sgd velocities carried over)",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[3], activation="relu", batch_size=7, max_iter=6),
             calls=[{"method": "fit"}, {"method": "partial_fit", "classes": [0, 1]}, {"method": "partial_fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    X2 = make_X(25, 2, off=200)
    add(Case("fit_twice_no_warm_start_reg_adam", "warm_start=False: fit on X2 then fit on X: second fit re-initialises everything (expected = fit on X alone)",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=6),
             calls=[{"method": "fit", "X": X2, "y": y_regression(X2)}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("ws_early_stopping_bin_adam", "warm_start + early stopping, fit twice. 1st fit stops at epoch 4 and restores epoch 1 (coefs_ now IS the "
             "_best_coefs list: aliasing). 2nd fit: the carried counter (3) exceeds n_iter_no_change after 1 epoch without a new best, "
             "and the 'restore' returns the aliased, i.e. CURRENT (epoch 5) weights, not the epoch-1 copy",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[4], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=10, warm_start=True, shuffle=True, random_state=5),
             calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))

    X, y, Xt, yt = data_reg(40, 2)
    add(Case("ws_early_stopping_reg_sgd", "regressor warm_start + early stopping (R^2), fit 3 times (max_iter 6 each, n_iter_no_change=3 tol=0.002): "
             "1st fit runs to max_iter and restores epoch 4 (a copy); fits 2 and 3 each stop after one epoch because the carried counter "
             "exceeds n_iter_no_change, and their 'restore' returns the current weights (coefs_ aliases _best_coefs after the 1st restore)",
             "reg", X, y, P(SGD_MOM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=3, tol=0.002,
                            max_iter=6, warm_start=True, shuffle=True, random_state=7),
             calls=[{"method": "fit"}, {"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))

    # ---------------- 8. random init (Glorot from random_state) ----------------
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("rnd_bin_relu_adam_rs3", "NO preset: Glorot init from random_state=3, binary (5,) relu adam batch 8 shuffle",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=8, shuffle=True, random_state=3),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3, ANIMALS3)
    add(Case("rnd_mc3_logistic_sgd_rs17", "NO preset: random_state=17, 3 string classes (6,) logistic (Glorot factor 2) sgd nesterov batch 7 shuffle",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[6], activation="logistic", batch_size=7, shuffle=True, random_state=17),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 3)
    add(Case("rnd_reg_tanh_adam_rs123", "NO preset: random_state=123, regression (5,4) tanh adam batch 10 shuffle",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="tanh", batch_size=10, shuffle=True, random_state=123),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    add(Case("rnd_reg2_logistic_sgd_rs3", "NO preset: random_state=3, 2-target regression (4,) logistic sgd momentum batch 6 shuffle",
             "reg", X, y, P(SGD_MOM, learning_rate_init=0.1, hidden_layer_sizes=[4], activation="logistic", batch_size=6, shuffle=True,
                            random_state=3), preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("rnd_es_bin_rs17", "NO preset: random_state=17 init draws, then stratified early-stopping split draws, then shuffles; adam",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[4], activation="relu", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=17), preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(36, 2, 4)
    calls = [{"method": "partial_fit", "X": X[:18], "y": y[:18], "classes": [0, 1, 2, 3]}, {"method": "partial_fit", "X": X[18:], "y": y[18:]},
             {"method": "partial_fit", "X": X[:18], "y": y[:18]}]
    add(Case("rnd_pf_mc4_adam_rs123", "NO preset: random_state=123, 4-class partial_fit x3 (1st call draws init then shuffle)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="tanh", batch_size=6, shuffle=True, random_state=123),
             preset=False, calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("rnd_ws_reg_sgd_rs17", "NO preset: random_state=17, regressor warm_start fit twice (2nd fit: no init draws)",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=6, warm_start=True, shuffle=True,
                            random_state=17), preset=False, calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 3)
    add(Case("rnd_ml3_logistic_adam_rs3", "NO preset: random_state=3, multilabel (4,) logistic adam batch 6 shuffle",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="logistic", batch_size=6, shuffle=True, random_state=3),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("rnd_mc3_identity_sgd_noshuffle_rs0", "NO preset: random_state=0, 3 classes (3,) identity sgd momentum=0 batch 7 shuffle=False",
             "clf", X, y, P(SGD_PLAIN, hidden_layer_sizes=[3], activation="identity", batch_size=7, random_state=0),
             preset=False, X_test=Xt, y_test=yt))

    # ---------------- 9. lbfgs (informational) ----------------
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("lbfgs_bin_tanh_preset", "lbfgs binary (3,) tanh, preset init, max_iter 30", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[3], activation="tanh", max_iter=30), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("lbfgs_mc3_relu_preset", "lbfgs 3 string classes (5,) relu, preset init, max_iter 30", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[5], activation="relu", max_iter=30), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("lbfgs_reg_tanh_preset_converges", "lbfgs regression (4,) tanh, preset init, max_iter 500 tol 1e-6 (converges)", "reg", X, y,
             P(LBFGS, hidden_layer_sizes=[4], activation="tanh", max_iter=500, tol=1e-6), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    add(Case("lbfgs_reg2_relu_preset", "lbfgs 2-target regression (5,) relu, preset init, max_iter 20", "reg", X, y,
             P(LBFGS, hidden_layer_sizes=[5], activation="relu", max_iter=20), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("lbfgs_bin_relu_rnd_rs0", "lbfgs binary (6,) relu, Glorot init random_state=0, max_iter 50", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[6], activation="relu", max_iter=50), preset=False, X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("lbfgs_reg_partial_fit_quirk", "MLPRegressor(solver='lbfgs').partial_fit works in 1.2.1 (broken guard): 2 calls, each a full L-BFGS run from the current weights",
             "reg", X, y, P(LBFGS, hidden_layer_sizes=[4], activation="tanh", max_iter=10),
             calls=[{"method": "partial_fit"}, {"method": "partial_fit"}], X_test=Xt, y_test=yt, mode="informational"))
    return C


# --------------------------------------------------------------------------
# Running a case
# --------------------------------------------------------------------------
