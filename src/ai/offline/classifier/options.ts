import { DEFAULT_FEATURES, type FeatureConfig } from './features';

// Settings chosen by 5-fold cross-validation and prequential runs on 1,500 labelled issues of five
// projects (see the eval command). They travel inside every saved model.
export interface ClassifierOptions {
  features: FeatureConfig;
  /** Passes over the examples in a batch fit, with the step size decaying as rate / (1 + epoch / 2). */
  epochs: number;
  rate: number;
  /** L2 decay per step; small because hashed features already blur rare words together. */
  lambda: number;
  /** Online learning: up to `onlineSteps` steps on the new example while it is still predicted wrong... */
  onlineRate: number;
  onlineSteps: number;
  /** ...then `rehearsal` steps on earlier examples drawn from the last `window`, so one correction
   *  moves the model without making it forget what it knew. */
  rehearsal: number;
  window: number;
  /** Scale of the rules' log-probabilities added to the logits (0 ignores the rules). */
  priorWeight: number;
  priorityPriorWeight: number;
  seed: number;
}

export const DEFAULT_OPTIONS: ClassifierOptions = {
  features: DEFAULT_FEATURES,
  epochs: 15,
  rate: 1,
  lambda: 1e-4,
  onlineRate: 0.5,
  onlineSteps: 3,
  rehearsal: 20,
  window: 2000,
  priorWeight: 1,
  priorityPriorWeight: 1,
  seed: 1,
};

/** Human corrections outweigh bulk imports: a person looked at this very issue and disagreed. */
export const SOURCE_WEIGHT = { correction: 3, import: 1 } as const;
