// The page's run in the export: what scikit-learn needs to train exactly the epochs the page
// trained (max_iter, n_iter_no_change), and the comments where it cannot follow.

const isEpoch = (v) => Number.isSafeInteger(v) && v >= 1;
/** One line of text from anything (a stop reason): no line breaks, at most 300 characters. */
const oneLine = (v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, 300) : '');

/**
 * The run's facts, checked (see toPython): null when there is no usable run (absent,
 * not an object, or epochs not a positive integer); unusable fields become null.
 * fitStop must lie at or before epochs (a later one is dropped); patienceEpoch and
 * bestEpoch likewise.
 */
export function runFacts(run) {
  if (!run || typeof run !== 'object' || !isEpoch(run.epochs)) return null;
  const E = run.epochs;
  const upTo = (v) => (isEpoch(v) && v <= E ? v : null);
  const stop = run.fitStop && typeof run.fitStop === 'object' && upTo(run.fitStop.epoch)
    ? { epoch: run.fitStop.epoch, reason: oneLine(run.fitStop.reason) }
    : null;
  const num = (v) => (typeof v === 'number' ? v : NaN);
  return {
    epochs: E,
    fitStop: stop,
    patienceEpoch: upTo(run.patienceEpoch),
    bestEpoch: upTo(run.bestEpoch),
    loss: num(run.loss),
    trainScore: num(run.trainScore),
    testScore: num(run.testScore),
  };
}

/** Words of a comment wrapped to lines of at most `width` characters, each starting with "# ". */
export function commentLines(text, width = 100) {
  const out = [];
  let line = '#';
  for (const word of text.split(' ').filter(Boolean)) {
    if (line.length > 1 && line.length + 1 + word.length > width) {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  if (line.length > 1) out.push(line);
  return out;
}

const quoted = (reason) => (reason ? ` ("${reason}")` : '');

/**
 * What the export changes so that scikit-learn trains the page's run, and why:
 * { overrides: { name: [value, note] }, comments: [paragraph], header: [paragraph] }.
 * overrides replace the config's parameters (always written, with their note);
 * comments go above the estimator, header at the top of the script.
 */
export function runPlan(config, facts) {
  const m = config.model;
  const plan = { overrides: {}, comments: [], header: [] };
  const lbfgs = m.solver === 'lbfgs';
  const adaptive = m.solver === 'sgd' && m.learning_rate === 'adaptive';
  if (lbfgs) {
    plan.header.push("lbfgs: the page's L-BFGS is its own (two-loop recursion, Moré-Thuente line search, scipy's "
      + "stopping rules). Its path is close to that of scipy's L-BFGS-B, which scikit-learn calls, but not identical, so "
      + "scikit-learn's n_iter_ and loss_ will differ from the page's: a little on short runs, more on long ones (the "
      + 'scores are as good).');
  }
  if (config.precision === 'float32') {
    plan.header.push("float32: the page trained in its fast float32 mode, which is not bit-identical to scikit-learn "
      + '(in float32 or float64): expect n_iter_, loss_ and the scores to differ a little from the page\'s.');
  }
  if (!facts) return plan;

  const E = facts.epochs;
  const unit = lbfgs ? 'iteration' : 'epoch';
  const units = (n) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const maxIter = Number.isSafeInteger(m.max_iter) ? m.max_iter : null;
  // Without a stop before E, fit() still stops at max_iter when that is E.
  const stop = facts.fitStop ?? (maxIter === E ? { epoch: E, reason: `max_iter=${E} reached` } : null);
  const yourMaxIter = maxIter === null ? '' : ` (yours: ${maxIter})`;
  const warning = lbfgs
    ? "scikit-learn will warn ConvergenceWarning (lbfgs failed to converge: the iteration limit): that is expected."
    : 'scikit-learn will warn ConvergenceWarning (maximum iterations reached): that is expected.';
  let trainsTo = E; // the epoch whose weights scikit-learn ends with (before an early-stopping restore)

  if (stop && stop.epoch === E) {
    // 1. fit() stops right where the page's run is.
    plan.comments.push(`The page trained ${units(E)}, and fit() with these parameters stops there by itself${quoted(stop.reason)}: `
      + 'the parameters are yours, unchanged.'
      + (lbfgs ? ` scipy's L-BFGS-B may stop at a slightly different iteration.` : ''));
  } else if (!stop) {
    // 2. Paused by hand before fit() would stop.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page was paused by hand at ${unit} ${E}${yourMaxIter}`];
    plan.comments.push(`The page was paused by hand at ${unit} ${E}, before fit() would stop: max_iter=${E} `
      + `${lbfgs ? 'stops L-BFGS-B after at most' : 'trains exactly'} ${units(E)}. ${warning}`);
  } else if (lbfgs) {
    // 6. L-BFGS past the point where fit() stops: scipy decides its own convergence.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page iterated on to ${E}${yourMaxIter}`];
    plan.comments.push(`fit() alone would stop at iteration ${stop.epoch}${quoted(stop.reason)}; the page iterated on to `
      + `iteration ${E}. max_iter=${E} allows as many, but scipy's L-BFGS-B still stops by itself once it has converged `
      + '(scikit-learn cannot switch that off), so n_iter_ may come out smaller.');
  } else if (adaptive) {
    // 4. The n_iter_no_change rule is the adaptive schedule: never disabled.
    const rateStop = /learning rate too small/i.test(stop.reason)
      || (maxIter !== null && stop.epoch < maxIter && !/maximum iterations/i.test(stop.reason));
    if (rateStop) {
      trainsTo = stop.epoch;
      plan.comments.push(`fit() stops at epoch ${stop.epoch}${quoted(stop.reason)}: its learning rate had fallen to 1e-6 or `
        + `less. The page kept training at that tiny rate for ${E - stop.epoch} more epochs, to epoch ${E}. scikit-learn `
        + "cannot express that (with learning_rate='adaptive' the n_iter_no_change rule is the schedule, so it stays on), "
        + `so this code trains to epoch ${stop.epoch}: its n_iter_, loss_ and scores are those of epoch ${stop.epoch}, the `
        + `page's those of epoch ${E}.`);
    } else {
      if (maxIter !== E) plan.overrides.max_iter = [E, `the page trained on to epoch ${E}${yourMaxIter}`];
      plan.comments.push(`fit() alone would stop at epoch ${stop.epoch}${quoted(stop.reason)}; the page trained on to `
        + `epoch ${E}, one single fit. max_iter=${E} trains the same epochs; with learning_rate='adaptive' the `
        + 'n_iter_no_change rule stays on: it is the schedule (it divides the rate by 5). Should it fire with the rate '
        + `already at 1e-6 or less before epoch ${E}, fit() stops there ("Learning rate too small"): n_iter_ below shows `
        + `it. ${warning}`);
    }
  } else {
    // 3. sgd (constant, invscaling) or adam past fit()'s stop: one single longer fit.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page trained on to epoch ${E}${yourMaxIter}`];
    let rule = '';
    if (facts.patienceEpoch !== null && facts.patienceEpoch < E) {
      const was = m.n_iter_no_change === Infinity || m.n_iter_no_change === 'inf' ? 'np.inf' : m.n_iter_no_change;
      plan.overrides.n_iter_no_change = [Infinity, `yours: ${was}; that rule fires at epoch ${facts.patienceEpoch}`];
      rule = ` and n_iter_no_change=np.inf (the tol/n_iter_no_change rule, which fires at epoch ${facts.patienceEpoch}, `
        + 'can no longer stop it)';
    }
    plan.comments.push(`fit() alone would stop at epoch ${stop.epoch}${quoted(stop.reason)}; the page trained on to epoch `
      + `${E}, one single fit (the same weights and optimizer state throughout). max_iter=${E}${rule} train the same `
      + `${E} epochs.${facts.patienceEpoch === E ? '' : ` ${warning}`}`);
  }

  if (m.early_stopping && !lbfgs) {
    // 5. scikit-learn restores the best validation weights at the end of every fit(), however it ends.
    const best = facts.bestEpoch;
    if (trainsTo < E) {
      plan.comments.push(`early_stopping: fit() then ends with the weights of its best validation score up to epoch `
        + `${trainsTo}; the page shows those of its last epoch (${E}).`);
    } else if (!stop || stop.epoch < E) {
      if (best === null) {
        plan.comments.push('early_stopping: at the end of fit() scikit-learn restores the weights of the best validation '
          + `score; the page shows the weights of its last epoch (${E}), so the scores below can differ from the page's.`);
      } else if (best < E) {
        plan.comments.push('early_stopping: at the end of fit() scikit-learn restores the weights of the best validation '
          + `score (epoch ${best}); the page shows the weights of its last epoch (${E}), so the scores below can differ from `
          + "the page's (loss_ and n_iter_ are not restored).");
      }
    } else if (best !== null && best < E) {
      plan.comments.push(`early_stopping: fit() ends with the weights of its best validation score (epoch ${best}).`);
    }
  }
  return plan;
}
